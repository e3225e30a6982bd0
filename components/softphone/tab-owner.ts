/**
 * One tab owns the phone (Web Locks: the lock is held while the tab lives and passes
 * to another tab when it closes); the other tabs of the same browser mirror its
 * snapshot and send it their clicks over a BroadcastChannel. So a staff member with
 * three tabs open hears one ring, and answering in any tab answers it.
 */
import type { Action, Snapshot } from "./controller-types";

const LOCK = "switchboard-softphone";
const CHANNEL = "switchboard-softphone";

type Message = { kind: "snapshot"; snapshot: Snapshot } | { kind: "action"; action: Action } | { kind: "hello" };

/** Calls `becomeOwner` once this tab holds the lock; the function it returns runs when the page goes. */
export function whenOwner(becomeOwner: () => void): () => void {
  let release: (() => void) | null = null;
  const held = new Promise<void>((resolve) => (release = resolve));
  if (typeof navigator === "undefined" || !navigator.locks) {
    becomeOwner();
    return () => release?.();
  }
  void navigator.locks.request(LOCK, async () => {
    becomeOwner();
    await held;
  });
  return () => release?.();
}

export interface TabLink {
  /** owner: publish the snapshot to the other tabs */
  publish(s: Snapshot): void;
  /** follower: send an action to the owner */
  send(a: Action): void;
  close(): void;
}

export function tabLink(handlers: { onSnapshot?: (s: Snapshot) => void; onAction?: (a: Action) => void; onHello?: () => void }): TabLink {
  if (typeof BroadcastChannel === "undefined") return { publish: () => {}, send: () => {}, close: () => {} };
  const ch = new BroadcastChannel(CHANNEL);
  ch.onmessage = (e: MessageEvent<Message>) => {
    const m = e.data;
    if (m.kind === "snapshot") handlers.onSnapshot?.(m.snapshot);
    else if (m.kind === "action") handlers.onAction?.(m.action);
    else handlers.onHello?.();
  };
  ch.postMessage({ kind: "hello" } satisfies Message);
  return {
    publish: (snapshot) => ch.postMessage({ kind: "snapshot", snapshot } satisfies Message),
    send: (action) => ch.postMessage({ kind: "action", action } satisfies Message),
    close: () => ch.close(),
  };
}
