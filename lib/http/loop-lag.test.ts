import { describe, expect, it } from "vitest";
import { LoopLag } from "./loop-lag";

const config = { lagMs: 25, windowMs: 100, sampleMs: 10 };

describe("loop lag", () => {
  it("one late tick (a pause) is not behind; late ticks for the whole window are; an on-time tick ends it", () => {
    let now = 0;
    const lag = new LoopLag(config, () => now);
    now = 60;
    lag.observe(10, 60); // 50 ms late, once
    expect(lag.behind).toBe(false);
    now = 70;
    lag.observe(70, 71);
    expect(lag.behind).toBe(false);
    // a standing queue: every tick 30-40 ms late from t=100 on
    for (let due = 100; due <= 200; due += 40) {
      now = due + 35;
      lag.observe(due, now);
    }
    expect(lag.lagMs).toBe(35);
    expect(lag.behind).toBe(true);
    now = 250;
    lag.observe(245, 250);
    expect(lag.behind).toBe(false);
  });

  it("is never behind when turned off", () => {
    let now = 0;
    const lag = new LoopLag({ ...config, lagMs: 0 }, () => now);
    for (let due = 0; due < 1_000; due += 10) {
      now = due + 500;
      lag.observe(due, now);
    }
    expect(lag.behind).toBe(false);
  });

  it("on a real event loop: a CPU-bound stretch makes it behind, and idle time brings it back", async () => {
    const lag = new LoopLag(config).start();
    try {
      const until = performance.now() + 400;
      // 40 ms blocks back to back, as a saturated process runs callbacks
      while (performance.now() < until) {
        await new Promise<void>((resolve) =>
          setImmediate(() => {
            const stop = performance.now() + 40;
            while (performance.now() < stop);
            resolve();
          }),
        );
      }
      expect(lag.behind).toBe(true);
      await new Promise((r) => setTimeout(r, 100));
      expect(lag.behind).toBe(false);
    } finally {
      lag.stop();
    }
  });
});
