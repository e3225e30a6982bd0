// The simulators' rate limits: a fixed one-minute window per key (a vendor plan's requests
// per minute) and, optionally, a one-second burst window per key and resource type.
// Pure apart from the clock it is given, so tests can drive it.

export interface RateDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** when the exhausted window (or the minute window) starts afresh, Unix ms */
  resetAtMs: number;
  /** whole seconds to wait before trying again (0 when allowed) */
  retryAfterS: number;
}

interface Window {
  startMs: number;
  count: number;
}

export class SimRateLimiter {
  private readonly minutes = new Map<string, Window>();
  private readonly seconds = new Map<string, Window>();

  constructor(
    private readonly perMinute: number,
    private readonly burstPerSecond: number | null,
    private readonly now: () => number = Date.now,
    /** the plan's window: a minute (shorter only in tests) */
    private readonly windowMs = 60_000,
  ) {}

  take(key: string, resource: string): RateDecision {
    const now = this.now();
    const minute = current(this.minutes, key, now, this.windowMs);
    const second = this.burstPerSecond === null ? null : current(this.seconds, `${key}\n${resource}`, now, 1_000);
    const minuteReset = minute.startMs + this.windowMs;
    if (minute.count >= this.perMinute) return refused(this.perMinute, minuteReset, now);
    if (second && this.burstPerSecond !== null && second.count >= this.burstPerSecond) {
      return refused(this.perMinute, second.startMs + 1_000, now, this.perMinute - minute.count);
    }
    minute.count += 1;
    if (second) second.count += 1;
    return { allowed: true, limit: this.perMinute, remaining: this.perMinute - minute.count, resetAtMs: minuteReset, retryAfterS: 0 };
  }
}

function current(map: Map<string, Window>, key: string, now: number, lengthMs: number): Window {
  const w = map.get(key);
  if (w && now < w.startMs + lengthMs) return w;
  const fresh = { startMs: now, count: 0 };
  map.set(key, fresh);
  return fresh;
}

function refused(limit: number, resetAtMs: number, now: number, remaining = 0): RateDecision {
  return { allowed: false, limit, remaining, resetAtMs, retryAfterS: Math.max(1, Math.ceil((resetAtMs - now) / 1000)) };
}
