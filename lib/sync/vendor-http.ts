/**
 * GET against a vendor's API within its budget: waits for the budget before each request,
 * and on a 429 waits as the vendor's headers say (Retry-After or the reset header) and asks
 * again; a 2xx that says nothing is left also pauses the budget until the reset.
 */
import type { Clock, RequestBudget } from "./request-budget";
import { realClock, vendorPauseUntil } from "./request-budget";

export interface VendorHttp {
  budget: RequestBudget;
  headers: Record<string, string>;
  /** the header holding when the window resets (x-ratelimit-reset, X-AircallApi-Reset) */
  resetHeader: string;
  remainingHeader: string;
  clock?: Clock;
  timeoutMs?: number;
  /** 429s in a row before giving up the pass */
  maxRateLimited?: number;
}

export interface HttpCounters {
  requests: number;
  rateLimited: number;
}

export class VendorHttpError extends Error {}

export async function vendorGet(http: VendorHttp, url: string, counters: HttpCounters): Promise<unknown> {
  const clock = http.clock ?? realClock;
  for (let limited = 0; ; ) {
    await http.budget.take();
    counters.requests += 1;
    const res = await fetch(url, { headers: { accept: "application/json", ...http.headers }, signal: AbortSignal.timeout(http.timeoutMs ?? 10_000) });
    const pause = vendorPauseUntil(res.headers, http.resetHeader, clock.now());
    if (res.status === 429) {
      counters.rateLimited += 1;
      if (++limited > (http.maxRateLimited ?? 5)) throw new VendorHttpError(`${url}: still rate limited after ${limited - 1} waits`);
      http.budget.pauseUntil(pause ?? clock.now() + 1_000);
      await res.body?.cancel();
      continue;
    }
    if (res.headers.get(http.remainingHeader) === "0" && pause !== null) http.budget.pauseUntil(pause);
    if (!res.ok) throw new VendorHttpError(`${url}: ${res.status} ${(await res.text()).slice(0, 200)}`);
    return res.json();
  }
}
