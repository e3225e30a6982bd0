import { describe, expect, it } from "vitest";
import { DEFAULT_EFFECT_RETRY, afterFailure, retryWindowMs } from "./effect-retry";

describe("effect retries", () => {
  it("back off exponentially, then give up after the last attempt", () => {
    const p = { maxAttempts: 5, firstRetryMs: 250 };
    expect([1, 2, 3, 4, 5].map((n) => afterFailure(n, false, p))).toEqual([
      { retry: true, inMs: 250 },
      { retry: true, inMs: 500 },
      { retry: true, inMs: 1_000 },
      { retry: true, inMs: 2_000 },
      { retry: false },
    ]);
  });

  it("give up at once on a refusal that asking again cannot change", () => {
    expect(afterFailure(1, true, DEFAULT_EFFECT_RETRY)).toEqual({ retry: false });
  });

  it("cap a single wait, so a large attempt count cannot wait for hours", () => {
    expect(afterFailure(30, false, { maxAttempts: 50, firstRetryMs: 250 })).toEqual({ retry: true, inMs: 5_000 });
  });

  it("by default, the whole window is a few seconds", () => {
    expect(retryWindowMs(DEFAULT_EFFECT_RETRY)).toBe(3_750);
    expect(retryWindowMs({ maxAttempts: 1, firstRetryMs: 250 })).toBe(0);
  });
});
