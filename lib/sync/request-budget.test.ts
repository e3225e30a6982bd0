import { describe, expect, it } from "vitest";
import { RequestBudget, vendorPauseUntil } from "./request-budget";

function fakeClock(start = 1_000_000) {
  let now = start;
  return { now: () => now, sleep: async (ms: number) => void (now += ms), advance: (ms: number) => void (now += ms) };
}

describe("RequestBudget", () => {
  it("lets perSecond through at once, then spaces the rest a second apart", async () => {
    const clock = fakeClock();
    const budget = new RequestBudget(100, 4, clock);
    const at: number[] = [];
    for (let i = 0; i < 9; i++) {
      await budget.take();
      at.push(clock.now() - 1_000_000);
    }
    expect(at).toEqual([0, 0, 0, 0, 1000, 1000, 1000, 1000, 2000]);
  });

  it("never sends more than perMinute in any 60 s", async () => {
    const clock = fakeClock();
    const budget = new RequestBudget(3, 10, clock);
    for (let i = 0; i < 3; i++) await budget.take();
    expect(budget.waitMs()).toBe(60_000);
    clock.advance(30_000);
    expect(budget.waitMs()).toBe(30_000);
    await budget.take();
    expect(clock.now() - 1_000_000).toBe(60_000);
  });

  it("waits until a pause the vendor asked for", async () => {
    const clock = fakeClock();
    const budget = new RequestBudget(100, 10, clock);
    budget.pauseUntil(1_000_000 + 7_500);
    await budget.take();
    expect(clock.now()).toBe(1_007_500);
  });
});

describe("vendorPauseUntil", () => {
  const now = Date.UTC(2026, 2, 1, 9, 0, 0);
  it("reads Retry-After in seconds or as a date, and the reset header as Unix seconds or a delay", () => {
    expect(vendorPauseUntil(new Headers({ "retry-after": "3" }), "x-ratelimit-reset", now)).toBe(now + 3000);
    expect(vendorPauseUntil(new Headers({ "retry-after": new Date(now + 9000).toUTCString() }), "x-ratelimit-reset", now)).toBe(now + 9000);
    expect(vendorPauseUntil(new Headers({ "x-ratelimit-reset": String(now / 1000 + 42.5) }), "x-ratelimit-reset", now)).toBe(now + 42_500);
    expect(vendorPauseUntil(new Headers({ "X-AircallApi-Reset": "12" }), "x-aircallapi-reset", now)).toBe(now + 12_000);
  });
  it("takes the later of the two, and says nothing when neither is there", () => {
    expect(vendorPauseUntil(new Headers({ "retry-after": "1", "x-ratelimit-reset": String(now / 1000 + 20) }), "x-ratelimit-reset", now)).toBe(now + 20_000);
    expect(vendorPauseUntil(new Headers(), "x-ratelimit-reset", now)).toBeNull();
  });
});
