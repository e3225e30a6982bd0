import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/tests/support/test-db";
import { presence, quietLog, record, until } from "@/tests/support/realtime";
import { startHub, type Hub } from "./hub";
import { publish } from "./publish";

/** The hub against a real Postgres: commit/rollback, bursts, two processes, a killed connection. */
describe("realtime hub", () => {
  let t: TestDatabase;
  const hubs: Hub[] = [];
  const staffA = randomUUID();
  const newHub = async (name: string) => {
    const hub = startHub({ connectionString: t.url, applicationName: `rt-test-${name}`, log: quietLog, pollMs: 60_000, minBackoffMs: 20, maxBackoffMs: 200 });
    hubs.push(hub);
    await hub.ready();
    return hub;
  };
  const stored = async () => Number((await t.db.$queryRawUnsafe<{ n: bigint }[]>("SELECT count(*) AS n FROM realtime_events"))[0]!.n);

  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => {
    await Promise.all(hubs.map((h) => h.close()));
    await t.drop();
  });

  it("delivers nothing from a transaction that rolls back, and once from one that commits", async () => {
    const hub = await newHub("commit");
    const r = record(hub, [`staff:${staffA}`]);
    await expect(
      t.db.$transaction(async (tx) => {
        await publish(tx, [presence(staffA, 1)]);
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");
    await t.db.$transaction(async (tx) => publish(tx, [presence(staffA, 2)]));
    await until("the committed event", () => r.events.length >= 1);
    await new Promise((res) => setTimeout(res, 200));
    expect(r.events.map((e) => (e.payload as { at: string }).at)).toEqual([new Date(1_700_000_000_002).toISOString()]);
    expect(await stored()).toBe(1);
    r.unsubscribe();
  });

  it("refuses a malformed event before touching the database", async () => {
    const bad = { audience: "all" as const, type: "presence.changed" as const, payload: { staffId: "x", presence: "asleep", at: "now" } };
    // @ts-expect-error the types refuse it too
    await expect(publish(t.db, [bad])).rejects.toThrow();
  });

  it("commits in seq order: a second publisher waits for the first one's transaction", async () => {
    let releaseFirst = () => {};
    const held = new Promise<void>((r) => (releaseFirst = r));
    const first = t.db.$transaction(async (tx) => {
      await publish(tx, [presence(staffA, 10)]);
      await held;
    });
    await new Promise((r) => setTimeout(r, 100));
    let secondDone = false;
    const second = publish(t.db, [presence(staffA, 11)]).then(() => (secondDone = true));
    await new Promise((r) => setTimeout(r, 300));
    expect(secondDone).toBe(false);
    releaseFirst();
    await Promise.all([first, second]);
    const rows = await t.db.$queryRawUnsafe<{ at: string }[]>("SELECT payload->>'at' AS at FROM realtime_events ORDER BY seq DESC LIMIT 2");
    expect(rows.map((r) => r.at)).toEqual([new Date(1_700_000_000_011).toISOString(), new Date(1_700_000_000_010).toISOString()]);
  });

  it("delivers a burst of 1,000 events in 100 concurrent transactions to every subscriber of two hubs, in seq order, once", async () => {
    const [one, two] = [await newHub("burst-1"), await newHub("burst-2")];
    const staffB = randomUUID();
    const subs = [record(one, [`staff:${staffB}`]), record(one, ["all", `staff:${staffB}`]), record(two, [`staff:${staffB}`])];
    const deaf = record(two, ["all"]);
    const before = one.cursor();
    await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        t.db.$transaction(async (tx) => publish(tx, Array.from({ length: 10 }, (_, j) => presence(staffB, i * 10 + j)))),
      ),
    );
    await until("1,000 events everywhere", () => subs.every((s) => s.events.length >= 1_000), 20_000);
    await new Promise((res) => setTimeout(res, 200));
    const seqs = subs[0]!.seqs();
    expect(seqs).toHaveLength(1_000);
    expect(seqs.every((s, i) => i === 0 || s > seqs[i - 1]!)).toBe(true);
    expect(seqs[0]!).toBeGreaterThan(before);
    for (const s of subs) expect(s.seqs()).toEqual(seqs);
    // each transaction's ten in the order it gave them
    const ats = subs[0]!.events.map((e) => Date.parse((e.payload as { at: string }).at) - 1_700_000_000_000);
    for (let k = 0; k < 1_000; k += 10) expect(ats.slice(k, k + 10)).toEqual(Array.from({ length: 10 }, (_, j) => ats[k]! + j));
    expect(deaf.events).toEqual([]);
  });

  it("reconnects after its LISTEN backend is killed and delivers what was published meanwhile, once", async () => {
    const hub = await newHub("killed");
    const staffC = randomUUID();
    const r = record(hub, [`staff:${staffC}`]);
    await publish(t.db, [presence(staffC, 1)]);
    await until("the first event", () => r.events.length === 1);
    const admin = new pg.Client({ connectionString: t.url });
    await admin.connect();
    try {
      const killed = await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'rt-test-killed'");
      expect(killed.rowCount).toBe(1);
      // published while the hub has no connection (it retries within 20–200 ms)
      await publish(t.db, [presence(staffC, 2), presence(staffC, 3)]);
      await until("a new LISTEN connection", async () => (await admin.query("SELECT 1 FROM pg_stat_activity WHERE application_name = 'rt-test-killed'")).rowCount === 1);
      await publish(t.db, [presence(staffC, 4)]);
      await until("all four", () => r.events.length >= 4);
      await new Promise((res) => setTimeout(res, 300));
      expect(r.events.map((e) => Date.parse((e.payload as { at: string }).at) - 1_700_000_000_000)).toEqual([1, 2, 3, 4]);
    } finally {
      await admin.end();
    }
  });
});
