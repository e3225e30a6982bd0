/**
 * Benchmark of the identity database path: ingest, full sync, incremental resolves.
 *
 *   npm run bench:sync [-- --size 1000000 --incremental 1000]
 *
 * Generates synthetic source records (scripts/lib-bench/generate.ts: couples, typos,
 * phone spellings, junk numbers, a shared-contact bucket of size/20 records), stores them
 * through the ingest path (upsertSourceRecords, 5,000 rows a statement) into a fresh
 * database, runs the full sync twice (the first creates every person; the second finds
 * them all in place, the steady state of the nightly job), then times incremental resolves
 * of new and changed records (joins, new people, changed phones, crowded internal-account
 * records, bare emails attaching). Prints each stage's wall time; the last line is JSON:
 *   sync_1m_s            first full sync (everything written), seconds
 *   resync_1m_s          second full sync (nothing moved), seconds
 *   incremental_p50_ms / incremental_p99_ms   one resolve (its transaction), milliseconds
 *   peak_rss_mb          peak RSS of this process (generated records included)
 * The incremental resolves are timed as a worker runs them: each a resolveRecords call (its
 * transaction, and those of the weak records it wakes) on the pool, in a process that does
 * not hold the generated dataset (dropped, and the heap collected once, before timing).
 * Uses DATABASE_URL's server, or an embedded Postgres under .data/pg-bench-sync.
 */
import { randomBytes } from "node:crypto";
import v8 from "node:v8";
import vm from "node:vm";
import { migrate } from "@/lib/db/migrate";
import type { SourceRecordInput } from "@/lib/identity";
import { runFullSync } from "@/lib/identity/db/full-sync/full-sync";
import { resolveRecords } from "@/lib/identity/db/resolve-records";
import { createIdentityPool, withClient } from "@/lib/identity/db/sql";
import { draftFromInput, upsertSourceRecords } from "@/lib/identity/db/upsert-records";
import { dropDatabase, ensureDatabase, provideServer } from "./lib/database";
import { generateRecords } from "./lib-bench/generate";

function arg(name: string, fallback: number): number {
  const at = process.argv.indexOf(name);
  return at >= 0 ? Number(process.argv[at + 1] ?? fallback) : fallback;
}
const size = arg("--size", 1_000_000);
const incrementalCount = arg("--incremental", 1_000);
const log = (s: string) => process.stderr.write(`${s}\n`);
const seconds = (ms: number) => Math.round(ms / 10) / 100;

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))]!;
}

/** New and changed records for the incremental part, each of a kind the resolver must handle. */
function incrementalRecords(records: readonly SourceRecordInput[], count: number): SourceRecordInput[] {
  let seed = 7;
  const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  const pick = () => records[Math.floor(rand() * records.length)]!;
  const out: SourceRecordInput[] = [];
  for (let k = 0; k < count; k++) {
    const kind = k % 10;
    const at = new Date(Date.UTC(2026, 10, 1, 0, 0, k)).toISOString();
    if (kind < 4) {
      // a person's next order: joins them
      const r = pick();
      out.push({ ...r, source: r.source === "aj_partner" ? "aj_partner" : r.source, id: `${r.id}-inc${k}`, updated_at: at });
    } else if (kind < 6) {
      out.push({ source: "order", id: `new${k}`, first_name: "Newly", last_name: `Arrived${k}`, email: `newly.arrived${k}@example.org`, phone: `04${String(10000000 + k * 7919).slice(0, 8)}`, updated_at: at });
    } else if (kind < 8) {
      // a changed phone number on a stored record
      const r = pick();
      out.push({ ...r, phone: `04${String(20000000 + k * 104729).slice(0, 8)}`, updated_at: at });
    } else if (kind === 8) {
      out.push({ source: "order", id: `int-inc${k}`, first_name: "Ring", last_name: "Prep", email: "orders@internal.example.com", phone: "02 9999 0000", updated_at: at });
    } else {
      const r = pick();
      out.push(r.email ? { source: "order", id: `bare${k}`, email: r.email, updated_at: at } : { ...r, id: `${r.id}-inc${k}`, updated_at: at });
    }
  }
  return out;
}

function collectGarbage(): void {
  v8.setFlagsFromString("--expose-gc");
  (vm.runInNewContext("gc") as () => void)();
}

async function main() {
  const server = await provideServer("pg-bench-sync", Number(process.env.EMBEDDED_PG_BENCH_PORT ?? 54336), log);
  const name = `sb_bench_sync_${randomBytes(4).toString("hex")}`;
  const url = await ensureDatabase(server.serverUrl, name);
  const pool = createIdentityPool(url, 4);
  try {
    await migrate(url);
    let t = performance.now();
    let records: SourceRecordInput[] | null = generateRecords({ size, bucket: Math.round(size / 20), seed: 1 }).map((r) => JSON.parse(JSON.stringify(r)) as SourceRecordInput);
    const generated = records.length;
    log(`generate: ${generated} records in ${seconds(performance.now() - t)} s`);

    t = performance.now();
    const BATCH = 5_000;
    await withClient(pool, async (client) => {
      for (let start = 0; start < generated; start += BATCH) {
        await upsertSourceRecords(client, records!.slice(start, start + BATCH).map((r) => ({ draft: draftFromInput(r), raw: r })));
      }
      await client.query("VACUUM ANALYZE source_records");
    });
    log(`ingest: ${seconds(performance.now() - t)} s`);

    t = performance.now();
    const first = await runFullSync(pool);
    const syncMs = performance.now() - t;
    if (!first.ok) throw new Error("full sync did not run");
    log(`full sync (first): ${seconds(syncMs)} s ${JSON.stringify(first.timings)}`);
    log(`  ${JSON.stringify(first.stats)}`);

    t = performance.now();
    const second = await runFullSync(pool);
    const resyncMs = performance.now() - t;
    if (!second.ok) throw new Error("second full sync did not run");
    log(`full sync (second): ${seconds(resyncMs)} s ${JSON.stringify(second.timings)}`);

    await pool.query("VACUUM ANALYZE source_records, persons, contact_points, merge_rejections");
    const incremental = incrementalRecords(records, incrementalCount);
    // a worker holds no generated dataset: drop it and collect once, so its collection does not land in the timings
    records = null;
    collectGarbage();
    const times: number[] = [];
    const actions: Record<string, number> = {};
    await withClient(pool, async (client) => {
      for (const r of incremental) {
        const { toResolve } = await upsertSourceRecords(client, [{ draft: draftFromInput(r), raw: r }]);
        for (const id of toResolve) {
          const s = performance.now();
          const [outcome] = await resolveRecords(pool, [id]);
          times.push(performance.now() - s);
          actions[outcome?.action ?? "none"] = (actions[outcome?.action ?? "none"] ?? 0) + 1;
        }
      }
    });
    times.sort((a, b) => a - b);
    log(`incremental: ${times.length} resolves ${JSON.stringify(actions)} p50 ${percentile(times, 50).toFixed(2)} ms p99 ${percentile(times, 99).toFixed(2)} ms max ${times[times.length - 1]?.toFixed(2)} ms`);

    process.stdout.write(
      JSON.stringify({
        records: generated,
        sync_1m_s: seconds(syncMs),
        resync_1m_s: seconds(resyncMs),
        incremental_p50_ms: Math.round(percentile(times, 50) * 100) / 100,
        incremental_p99_ms: Math.round(percentile(times, 99) * 100) / 100,
        peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
      }) + "\n",
    );
  } finally {
    await pool.end();
    await dropDatabase(server.serverUrl, name);
    await server.embedded?.stop();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
