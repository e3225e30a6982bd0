import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "@/lib/db/client";
import { withDatabase } from "@/lib/db/embedded";
import { startOwnPostgres } from "@/tests/support/own-postgres";
import { migrate } from "@/lib/db/migrate";
import { startHeartbeat } from "@/lib/jobs/heartbeat";
import { createTestDatabase, type TestDatabase } from "@/tests/support/test-db";
import { checkHealth } from "./check-health";

describe("checkHealth", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => {
    await t.drop();
  });

  it("is healthy with migrations current, and reports the worker's heartbeat age", async () => {
    expect(await checkHealth(t.db)).toMatchObject({ ok: true, db: "up", migrations: "current", worker_heartbeat_age_s: null });
    const hb = await startHeartbeat(t.db, "test-worker", 60_000);
    const h = await checkHealth(t.db);
    expect(h.worker_heartbeat_age_s).not.toBeNull();
    expect(h.worker_heartbeat_age_s!).toBeLessThan(5);
    await hb.stop();
  });

  it("is unhealthy when a migration is pending", async () => {
    const bare = await createTestDatabase({ migrated: false });
    try {
      expect(await checkHealth(bare.db)).toMatchObject({ ok: false, db: "up", migrations: "pending" });
    } finally {
      await bare.drop();
    }
  });
});

describe("checkHealth when the database goes away", () => {
  it("turns unhealthy within seconds of Postgres stopping", async () => {
    const pg = await startOwnPostgres("pg-health-test");
    const url = withDatabase(pg.url, "postgres");
    await migrate(url);
    const db = createDb(url, { max: 2 });
    try {
      expect((await checkHealth(db)).ok).toBe(true);
      await pg.stop();
      const t0 = Date.now();
      const h = await checkHealth(db);
      expect(h).toMatchObject({ ok: false, db: "down" });
      expect(Date.now() - t0).toBeLessThan(30_000);
    } finally {
      await db.$disconnect().catch(() => {});
      await pg.remove();
    }
  });
});
