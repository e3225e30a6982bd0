/**
 * Simulated time. Durations inside the simulator are in simulated seconds; a
 * `speed` of 100 makes one simulated second last 10 real ms, so tests that ring,
 * wait and record run fast while timestamps and durations still read like a
 * real call.
 */
export class AbortedError extends Error {
  constructor() {
    super("aborted");
    this.name = "AbortedError";
  }
}

export class SimClock {
  private readonly realStart = Date.now();
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    readonly speed: number,
    private readonly simStart = Date.now(),
  ) {
    if (!(speed > 0)) throw new Error("speed must be > 0");
  }

  now(): Date {
    return new Date(this.simStart + (Date.now() - this.realStart) * this.speed);
  }

  /** Seconds of simulated time between two simulated instants. */
  secondsBetween(from: Date, to: Date): number {
    return Math.max(0, Math.round((to.getTime() - from.getTime()) / 1000));
  }

  /** Resolves after `simSeconds`; rejects with AbortedError when `signal` aborts first. */
  sleep(simSeconds: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(new AbortedError());
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        clearTimeout(handle);
        this.timers.delete(handle);
        reject(new AbortedError());
      };
      const handle = setTimeout(
        () => {
          this.timers.delete(handle);
          signal?.removeEventListener("abort", onAbort);
          resolve();
        },
        Math.max(0, (simSeconds * 1000) / this.speed),
      );
      this.timers.add(handle);
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  }

  /** Run `fn` after `simSeconds` unless cancelled; returns the cancel function. */
  after(simSeconds: number, fn: () => void): () => void {
    const handle = setTimeout(
      () => {
        this.timers.delete(handle);
        fn();
      },
      Math.max(0, (simSeconds * 1000) / this.speed),
    );
    this.timers.add(handle);
    return () => {
      clearTimeout(handle);
      this.timers.delete(handle);
    };
  }

  stopAll(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }
}

/** A promise with its resolver, resolved at most once. */
export class Latch<T> {
  readonly promise: Promise<T>;
  private resolveFn!: (value: T) => void;
  private done = false;

  constructor() {
    this.promise = new Promise<T>((resolve) => {
      this.resolveFn = resolve;
    });
  }

  get settled(): boolean {
    return this.done;
  }

  resolve(value: T): void {
    if (this.done) return;
    this.done = true;
    this.resolveFn(value);
  }
}

/** Resolves when the signal aborts (never rejects). */
export function whenAborted(signal: AbortSignal): Promise<"aborted"> {
  if (signal.aborted) return Promise.resolve("aborted");
  return new Promise((resolve) => signal.addEventListener("abort", () => resolve("aborted"), { once: true }));
}
