/**
 * A vendor's request budget, as the client keeps it: at most `perMinute` requests in any 60 s
 * and `perSecond` in any second, plus a pause the vendor asked for (Retry-After,
 * x-ratelimit-reset). One instance per vendor per process, shared by every caller of that
 * vendor in the process; the syncs' lease (cursor-store.ts) keeps them to one process at a time.
 */
export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realClock: Clock = { now: () => Date.now(), sleep: (ms) => new Promise((r) => setTimeout(r, ms)) };

export class RequestBudget {
  private readonly sent: number[] = [];
  private pausedUntil = 0;

  constructor(
    readonly perMinute: number,
    readonly perSecond: number,
    private readonly clock: Clock = realClock,
  ) {}

  /** How long to wait before the next request may go (0: now). */
  waitMs(): number {
    const now = this.clock.now();
    while (this.sent.length && this.sent[0]! <= now - 60_000) this.sent.shift();
    let until = this.pausedUntil;
    if (this.sent.length >= this.perMinute) until = Math.max(until, this.sent[this.sent.length - this.perMinute]! + 60_000);
    const lastSecond = this.sent.filter((t) => t > now - 1_000);
    if (lastSecond.length >= this.perSecond) until = Math.max(until, lastSecond[lastSecond.length - this.perSecond]! + 1_000);
    return Math.max(0, until - now);
  }

  /** Waits until a request fits, then counts it. */
  async take(): Promise<void> {
    for (let wait = this.waitMs(); wait > 0; wait = this.waitMs()) await this.clock.sleep(wait);
    this.sent.push(this.clock.now());
  }

  /** The vendor said: nothing before `untilMs`. */
  pauseUntil(untilMs: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, untilMs);
  }
}

/**
 * When the vendor allows the next request, from a 429's headers (or a 2xx with nothing left):
 * Retry-After (seconds, or an HTTP date) or the rate-limit reset (Unix seconds, or seconds from
 * now when small), whichever is later; null when neither says.
 */
export function vendorPauseUntil(headers: Headers, resetHeader: string, nowMs: number): number | null {
  const candidates: number[] = [];
  const retryAfter = headers.get("retry-after");
  if (retryAfter !== null) {
    const s = Number(retryAfter);
    const date = Date.parse(retryAfter);
    if (Number.isFinite(s)) candidates.push(nowMs + s * 1000);
    else if (Number.isFinite(date)) candidates.push(date);
  }
  const reset = Number(headers.get(resetHeader) ?? NaN);
  // a reset below 10^9 is a delay in seconds, not a Unix time
  if (Number.isFinite(reset)) candidates.push(reset < 1e9 ? nowMs + reset * 1000 : reset * 1000);
  return candidates.length ? Math.max(...candidates) : null;
}
