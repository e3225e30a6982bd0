import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { logger } from "@/lib/log/logger";
import { createTestDatabase, type TestDatabase } from "@/tests/support/test-db";
import { startDrainLoop } from "./drain-loop";

describe("startDrainLoop", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => {
    await t.drop();
  });

  it("drains again at once for a notification that arrived while a batch ran (not after idleMs)", async () => {
    const calls: number[] = [];
    let releaseFirst!: () => void;
    const firstRunning = new Promise<void>((resolve) => {
      releaseFirst = resolve;
    });
    let unblock!: () => void;
    const blocked = new Promise<void>((resolve) => {
      unblock = resolve;
    });
    const loop = await startDrainLoop({
      name: "test",
      connectionString: t.url,
      channel: "drain_loop_test",
      log: logger,
      batchSize: 10,
      idleMs: 30_000,
      coalesceMs: 0,
      drain: async () => {
        calls.push(Date.now());
        if (calls.length === 1) {
          releaseFirst();
          await blocked;
        }
        return 0;
      },
    });
    try {
      await firstRunning;
      await t.db.$executeRaw`SELECT pg_notify('drain_loop_test', '')`;
      await new Promise((resolve) => setTimeout(resolve, 100)); // the notification lands mid-batch
      unblock();
      await expect.poll(() => calls.length, { timeout: 2_000 }).toBe(2);
    } finally {
      await loop.stop();
    }
  });
});
