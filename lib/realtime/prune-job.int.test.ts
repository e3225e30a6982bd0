import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { logger } from "@/lib/log/logger";
import { createTestDatabase, type TestDatabase } from "@/tests/support/test-db";
import { pruneRealtimeEvents } from "./prune-job";
import { canReplay, prismaRows, readBounds } from "./store";

describe("realtime.prune", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => {
    await t.drop();
  });

  const insert = (n: number, ageH: number) =>
    t.db.$executeRawUnsafe(
      `INSERT INTO realtime_events (audience, type, payload, created_at)
       SELECT 'all', 'presence.changed', '{}'::jsonb, now() - make_interval(hours => $2::int) FROM generate_series(1, $1::int)`,
      n,
      ageH,
    );
  const seqs = async () => (await t.db.$queryRawUnsafe<{ seq: bigint }[]>("SELECT seq FROM realtime_events ORDER BY seq")).map((r) => Number(r.seq));
  const run = () => pruneRealtimeEvents.handler({}, { db: t.db, log: logger, send: async () => {} });

  it("drops what is older than a day, keeps the rest, and tells a cursor before the cut to reset", async () => {
    await insert(30, 30);
    await insert(5, 2);
    await run();
    expect(await seqs()).toEqual([31, 32, 33, 34, 35]);
    const bounds = await readBounds(prismaRows(t.db));
    expect(bounds).toEqual({ oldest: 31, latest: 35, newest: 35 });
    expect(canReplay(30, bounds)).toBe(true);
    expect(canReplay(29, bounds)).toBe(false);
  });

  it("always keeps the newest row, however old, so the last seq stays known", async () => {
    await t.db.$executeRawUnsafe("UPDATE realtime_events SET created_at = now() - interval '3 days'");
    await run();
    expect(await seqs()).toEqual([35]);
    expect(await readBounds(prismaRows(t.db))).toEqual({ oldest: 35, latest: 35, newest: 35 });
  });
});
