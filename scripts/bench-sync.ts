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
 * transaction, and those of the weak records it wakes) on a pool, in a process of their own
 * that never held the generated dataset (scripts/lib-bench/incremental-child.ts).
 * Uses DATABASE_URL's server, or an embedded Postgres under .data/pg-bench-sync.
 *
 * For profiling the incremental part: `--keep NAME` keeps the synced database (before the
 * incremental resolves) as NAME; `--from NAME` clones NAME instead of ingesting and
 * syncing, and times only the incremental resolves on the clone. `--trace` prints each
 * statement of the slowest resolves, and what autovacuum worked on meanwhile.
 */
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { migrate } from "@/lib/db/migrate";
import type { SourceRecordInput } from "@/lib/identity";
import { runFullSync } from "@/lib/identity/db/full-sync/full-sync";
import { createIdentityPool, withClient } from "@/lib/identity/db/sql";
import { draftFromInput, upsertSourceRecords } from "@/lib/identity/db/upsert-records";
import { cloneDatabase, dropDatabase, ensureDatabase, provideServer } from "./lib/database";
import { generateRecords } from "./lib-bench/generate";
import type { TimedResolve } from "./lib-bench/incremental-child";

function arg(name: string, fallback: number): number {
  const at = process.argv.indexOf(name);
  return at >= 0 ? Number(process.argv[at + 1] ?? fallback) : fallback;
}
function option(name: string): string | null {
  const at = process.argv.indexOf(name);
  return at >= 0 ? (process.argv[at + 1] ?? null) : null;
}
const size = arg("--size", 1_000_000);
const keepAs = option("--keep");
const from = option("--from");
const trace = process.argv.includes("--trace");
const incrementalCount = arg("--incremental", 1_000);
const log = (s: string) => process.stderr.write(`${s}\n`);
const seconds = (ms: number) => Math.round(ms / 10) / 100;

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))]!;
}

const KINDS = ["next order", "next order", "next order", "next order", "new person", "new person", "changed phone", "changed phone", "internal account", "bare email"];

/** New and changed records for the incremental part, each of a kind the resolver must handle (KINDS[k % 10]). */
function incrementalRecords(records: readonly SourceRecordInput[], count: number): { kind: string; record: SourceRecordInput }[] {
  let seed = 7;
  const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  const pick = () => records[Math.floor(rand() * records.length)]!;
  const out: SourceRecordInput[] = [];
  const kinds: string[] = [];
  for (let k = 0; k < count; k++) {
    kinds.push(KINDS[k % 10]!);
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
  return out.map((record, k) => ({ kind: kinds[k]!, record }));
}

/** Times the incremental records' resolves in a child process (scripts/lib-bench/incremental-child.ts). */
function timeIncremental(url: string, records: readonly { kind: string; record: SourceRecordInput }[]): { resolves: TimedResolve[]; autovacuum?: Record<string, number> } {
  const dir = mkdtempSync(path.join(os.tmpdir(), "sb-bench-sync-"));
  try {
    const file = path.join(dir, "incremental.json");
    writeFileSync(file, JSON.stringify(records));
    const child = path.join(path.dirname(fileURLToPath(import.meta.url)), "lib-bench", "incremental-child.ts");
    const out = execFileSync(process.execPath, ["--import", "tsx", child, url, file, ...(trace ? ["--trace"] : [])], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], maxBuffer: 256 << 20 });
    return JSON.parse(out.trim().split("\n").pop()!) as { resolves: TimedResolve[]; autovacuum?: Record<string, number> };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main() {
  const server = await provideServer("pg-bench-sync", Number(process.env.EMBEDDED_PG_BENCH_PORT ?? 54336), log);
  const name = `sb_bench_sync_${randomBytes(4).toString("hex")}`;
  const url = from ? await cloneDatabase(server.serverUrl, from, name) : await ensureDatabase(server.serverUrl, name);
  let pool = createIdentityPool(url, 4);
  try {
    let t = performance.now();
    let records: SourceRecordInput[] | null = generateRecords({ size, bucket: Math.round(size / 20), seed: 1 }).map((r) => JSON.parse(JSON.stringify(r)) as SourceRecordInput);
    const generated = records.length;
    log(`generate: ${generated} records in ${seconds(performance.now() - t)} s`);
    let syncMs = 0;
    let resyncMs = 0;
    if (from === null) {
      await migrate(url);
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
      syncMs = performance.now() - t;
      if (!first.ok) throw new Error("full sync did not run");
      log(`full sync (first): ${seconds(syncMs)} s ${JSON.stringify(first.timings)}`);
      log(`  ${JSON.stringify(first.stats)}`);

      t = performance.now();
      const second = await runFullSync(pool);
      resyncMs = performance.now() - t;
      if (!second.ok) throw new Error("second full sync did not run");
      log(`full sync (second): ${seconds(resyncMs)} s ${JSON.stringify(second.timings)}`);
    }

    await pool.query("VACUUM ANALYZE source_records, persons, contact_points, merge_rejections");
    // The syncs (or the clone) leave gigabytes of dirty pages: let them reach the disk before
    // timing, as they would between nightly syncs. The embedded server runs with fsync off,
    // so its checkpoint leaves them to the kernel, whose writeback would then stall the
    // resolves' writes: sync(1) waits for it.
    await pool.query("CHECKPOINT");
    execFileSync("sync");
    if (keepAs !== null) {
      await pool.end();
      await cloneDatabase(server.serverUrl, name, keepAs);
      pool = createIdentityPool(url, 4);
      log(`kept the synced database as ${keepAs} (time its incremental resolves with --from ${keepAs})`);
    }
    const incremental = incrementalRecords(records, incrementalCount);
    records = null;
    const { resolves, autovacuum } = timeIncremental(url, incremental);
    const times = resolves.map((x) => x.ms);
    const actions: Record<string, number> = {};
    for (const x of resolves) actions[x.action] = (actions[x.action] ?? 0) + 1;
    times.sort((a, b) => a - b);
    const slowest = [...resolves].sort((a, b) => b.ms - a.ms).slice(0, Math.max(1, Math.ceil(times.length / 100)));
    if (trace) {
      for (const x of slowest) log(`${x.ms.toFixed(1)} ms ${x.kind}:\n${(x.queries ?? []).map((q) => `  ${q.ms.toFixed(1).padStart(5)} ${q.sql}`).join("\n")}`);
      log(`autovacuum during the resolves: ${JSON.stringify(autovacuum ?? {})}`);
    }
    log(`slowest (the top 1%): ${slowest.map((x) => `${x.ms.toFixed(1)} ms ${x.kind} (${x.action})`).join(", ")}`);
    log(`incremental: ${times.length} resolves ${JSON.stringify(actions)} p50 ${percentile(times, 50).toFixed(2)} ms p99 ${percentile(times, 99).toFixed(2)} ms max ${times[times.length - 1]?.toFixed(2)} ms`);

    process.stdout.write(
      JSON.stringify({
        records: generated,
        sync_1m_s: from === null ? seconds(syncMs) : null,
        resync_1m_s: from === null ? seconds(resyncMs) : null,
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
