import { describe, expect, it } from "vitest";
import { shedConfig, WebhookShedder } from "./load-shed";

describe("webhook shedder", () => {
  it("reads its bound from the environment (0 turns shedding off), with defaults", () => {
    expect(shedConfig({})).toEqual({ maxInFlight: 32, retryAfterS: 2 });
    expect(shedConfig({ WEBHOOK_MAX_INFLIGHT: "8", WEBHOOK_RETRY_AFTER_S: "5" })).toEqual({ maxInFlight: 8, retryAfterS: 5 });
    expect(shedConfig({ WEBHOOK_MAX_INFLIGHT: "nonsense", WEBHOOK_RETRY_AFTER_S: "0" })).toEqual({ maxInFlight: 32, retryAfterS: 1 });
    const off = new WebhookShedder(shedConfig({ WEBHOOK_MAX_INFLIGHT: "0" }));
    for (let i = 0; i < 1_000; i++) expect(off.tryAcquire()).toBe(true);
  });

  it("holds at most the bound, and a released slot is free again", () => {
    const s = new WebhookShedder({ maxInFlight: 2, retryAfterS: 1 });
    expect([s.tryAcquire(), s.tryAcquire(), s.tryAcquire()]).toEqual([true, true, false]);
    s.release();
    expect(s.tryAcquire()).toBe(true);
    expect(s.current).toBe(2);
  });
});
