import { describe, expect, it } from "vitest";
import { shedConfig, WebhookShedder } from "./load-shed";

describe("webhook shedder", () => {
  it("reads its bound from the environment (0 turns shedding off), with defaults", () => {
    const lag = { lagMs: 25, windowMs: 100, sampleMs: 10 };
    expect(shedConfig({})).toEqual({ maxInFlight: 32, retryAfterS: 2, lag });
    expect(shedConfig({ WEBHOOK_MAX_INFLIGHT: "8", WEBHOOK_RETRY_AFTER_S: "5", WEBHOOK_SHED_LAG_MS: "50", WEBHOOK_SHED_LAG_WINDOW_MS: "250" })).toEqual({
      maxInFlight: 8,
      retryAfterS: 5,
      lag: { lagMs: 50, windowMs: 250, sampleMs: 10 },
    });
    expect(shedConfig({ WEBHOOK_MAX_INFLIGHT: "nonsense", WEBHOOK_RETRY_AFTER_S: "0", WEBHOOK_SHED_LAG_MS: "0" })).toEqual({ maxInFlight: 32, retryAfterS: 1, lag: { ...lag, lagMs: 0 } });
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

  it("sheds every webhook while the event loop is behind, and takes them again once it has caught up", () => {
    const loop = { behind: false };
    const s = new WebhookShedder({ maxInFlight: 100, retryAfterS: 1 }, loop);
    expect(s.tryAcquire()).toBe(true);
    loop.behind = true;
    expect([s.tryAcquire(), s.tryAcquire()]).toEqual([false, false]);
    loop.behind = false;
    expect(s.tryAcquire()).toBe(true);
    expect(s.current).toBe(2);
  });
});
