import pino from "pino";
import { describe, expect, it } from "vitest";
import type { SourceRecordInput } from "@/lib/identity";
import { resolveContact } from "@/lib/identity/contact-resolver";
import { store, useIdentityTestDb } from "@/tests/support/identity-db";
import { runFullSync } from "./full-sync";

/**
 * A first full sync writes every contact point in one transaction. The call router and the
 * interaction processor read contact_points meanwhile (resolveContact, as open-call.ts calls
 * it): they must be answered from the previous history while the sync runs, not wait for its
 * commit. Every other bulk path (source_records' and merge_audits' index rebuilds) is forced
 * on with bulkAbove 0, as a first sync of a million records takes it.
 */
describe("full sync and contact_points readers", () => {
  const t = useIdentityTestDb({ truncate: true });

  const PEOPLE = 8_000;
  const phoneOf = (k: number) => `+614${String(10_000_000 + k * 7).padStart(8, "0")}`;
  const records: SourceRecordInput[] = [];
  for (let k = 0; k < PEOPLE; k++) {
    const base = { first_name: `Given${k}`, last_name: `Family${k % 97}`, email: `person${k}@example.com`, phone: phoneOf(k) };
    records.push({ source: "order", id: `o${k}`, ...base }, { source: "aj", id: `a${k}`, ...base }, { source: "sbm", id: `s${k}`, full_name: `Given${k} Family${k % 97}`, email: base.email });
  }

  it("answers a reader within a small part of the sync's writes while it runs", async () => {
    await store(t, records);
    // when each stage of the sync ended (its log lines)
    const stageDone = new Map<string, number>();
    const log = pino({ level: "info" }, { write: (line: string) => void stageDone.set((JSON.parse(line) as { stage?: string }).stage ?? "", performance.now()) });

    // the reader's connection open before the sync starts
    await resolveContact(t.db, "person", { kind: "phone", value: phoneOf(0), at: new Date() });
    let done = false;
    const reads: { start: number; ms: number; ok: boolean }[] = [];
    const reader = (async () => {
      for (let k = 0; !done; k++) {
        const start = performance.now();
        const r = await resolveContact(t.db, "person", { kind: "phone", value: phoneOf(k % PEOPLE), at: new Date() });
        reads.push({ start, ms: performance.now() - start, ok: r.ok });
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
    })();
    // any reader of contact_points waiting on a lock meanwhile, as pg_stat_activity shows it
    const lockWaits: string[] = [];
    const watcher = (async () => {
      while (!done) {
        const r = await t.pool.query<{ query: string }>(
          "SELECT query FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query ILIKE '%FROM contact_points c%WHERE c.kind = q.kind%'",
        );
        lockWaits.push(...r.rows.map((x) => x.query));
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    const sync = await runFullSync(t.pool, { log, bulkAbove: 0 });
    const committed = performance.now();
    done = true;
    await Promise.all([reader, watcher]);
    expect(sync.ok).toBe(true);

    // from the contact points' writes to the commit
    const writesFrom = stageDone.get("assignments")!;
    const writesMs = committed - writesFrom;
    const during = reads.filter((r) => r.start + r.ms >= writesFrom && r.start <= committed);
    expect(during.length).toBeGreaterThanOrEqual(5);
    // a reader that waited for the commit would have waited for most of them (the reader
    // shares this process with the sync, so its latency also counts the sync's own CPU bursts)
    expect(Math.max(...during.map((r) => r.ms))).toBeLessThan(writesMs / 2);
    expect(lockWaits).toEqual([]);
    // answered from the history before the sync (nothing yet), and after it from the new one
    const beforeCommit = during.filter((r) => r.start + r.ms < stageDone.get("possible_matches")!);
    expect(beforeCommit.length).toBeGreaterThan(0);
    expect(beforeCommit.every((r) => !r.ok)).toBe(true);
    expect((await resolveContact(t.db, "person", { kind: "phone", value: phoneOf(1), at: new Date() })).ok).toBe(true);
  }, 120_000);
});
