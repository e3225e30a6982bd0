/**
 * When a failed effect is tried again: exponential backoff, a bounded number of
 * attempts, then it is given up (marked done as failed, and the machine decides
 * what that means for the call). A Twilio refusal that asking again cannot change
 * (a 4xx other than 429) is given up at once. The defaults keep the whole window
 * to a few seconds (250 + 500 + 1,000 + 2,000 ms between five attempts): a caller
 * is waiting, and the machine has a safe way on for every effect.
 */
export interface RetryPolicy {
  /** attempts in all, the first included */
  maxAttempts: number;
  /** the wait after the first failure; each next wait doubles */
  firstRetryMs: number;
}

export const DEFAULT_EFFECT_RETRY: RetryPolicy = { maxAttempts: 5, firstRetryMs: 250 };
/** no single wait is longer than this (or than firstRetryMs, if that is longer) */
export const MAX_RETRY_WAIT_MS = 5_000;

export type AfterFailure = { retry: true; inMs: number } | { retry: false };

/** `attempts`: how many have failed, this one included. */
export function afterFailure(attempts: number, permanent: boolean, p: RetryPolicy): AfterFailure {
  if (permanent || attempts >= p.maxAttempts) return { retry: false };
  const cap = Math.max(p.firstRetryMs, MAX_RETRY_WAIT_MS);
  return { retry: true, inMs: Math.min(cap, p.firstRetryMs * 2 ** Math.max(0, attempts - 1)) };
}

/** From the first attempt to the last: the sum of the waits between them. */
export function retryWindowMs(p: RetryPolicy): number {
  let total = 0;
  for (let n = 1; n < p.maxAttempts; n++) {
    const next = afterFailure(n, false, p);
    if (next.retry) total += next.inMs;
  }
  return total;
}
