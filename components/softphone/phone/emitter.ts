/** A typed event emitter for the phone objects (the browser has no node:events; the SDK bundles its own). */
import type { Listenable } from "./types";

type Events<E> = { [K in keyof E]: unknown[] };
type Listener<E extends Events<E>, K extends keyof E> = (...args: E[K]) => void;

export class Emitter<E extends Events<E>> implements Listenable<E> {
  private readonly listeners = new Map<keyof E, Set<Listener<E, keyof E>>>();

  on<K extends keyof E & string>(event: K, listener: Listener<E, K>): () => void {
    const set = this.listeners.get(event) ?? new Set();
    set.add(listener as Listener<E, keyof E>);
    this.listeners.set(event, set);
    return () => this.off(event, listener);
  }

  off<K extends keyof E & string>(event: K, listener: Listener<E, K>): void {
    this.listeners.get(event)?.delete(listener as Listener<E, keyof E>);
  }

  /** A listener that throws does not stop the others (nor the phone's own bookkeeping). */
  protected emit<K extends keyof E & string>(event: K, ...args: E[K]): void {
    for (const l of [...(this.listeners.get(event) ?? [])]) {
      try {
        l(...args);
      } catch (err) {
        console.error(`[phone] a ${event} listener threw`, err);
      }
    }
  }

  protected removeAllListeners(): void {
    this.listeners.clear();
  }
}
