import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { logger } from "@/lib/log/logger";
import { createTestDatabase, type TestDatabase } from "@/tests/support/test-db";
import { defineJob } from "./define-job";
import { startJobRunner, type JobRunner } from "./runner";

/**
 * Workers restart together (a rolling restart, a crash loop, a new deployment): each one's
 * job runner declares the same queues and schedules at once. None may fail to start
 * (chaos:calls saw a worker exit with "deadlock detected" at boot).
 */
describe("startJobRunner", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => {
    await t.drop();
  });

  const jobs = Array.from({ length: 8 }, (_, i) =>
    defineJob({ name: `runner-test-${i}`, schema: z.object({}), handler: async () => {}, ...(i % 2 === 0 ? { schedule: "*/5 * * * *" } : {}) }),
  );

  it("several workers starting at the same moment all start, on a fresh database and on a used one", async () => {
    for (let round = 0; round < 4; round++) {
      const started = await Promise.allSettled(Array.from({ length: 4 }, () => startJobRunner({ connectionString: t.url, db: t.db, log: logger, jobs })));
      const failures = started.flatMap((s) => (s.status === "rejected" ? [String(s.reason)] : []));
      await Promise.all(started.flatMap((s) => (s.status === "fulfilled" ? [(s.value as JobRunner).stop()] : [])));
      expect(failures, `round ${round}`).toEqual([]);
    }
  }, 120_000);
});
