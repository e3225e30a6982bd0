/**
 * The incremental part of `npm run bench:sync`, in a process of its own as a worker runs
 * it (a worker does not hold a generated million records, whose heap makes every young
 * collection cost milliseconds):
 *   node --import tsx scripts/lib-bench/incremental-child.ts <database url> <records.json> [--trace]
 * records.json: [{ kind, record }]. Each record is stored through the ingest path (not
 * timed), then each record to resolve is resolved with resolveRecords on the pool (timed:
 * its transaction, and those of the weak records it wakes). Prints one JSON line:
 * { resolves: [{ ms, kind, action, queries? }], autovacuum? }. With --trace, each resolve
 * lists its statements, and what autovacuum worked on meanwhile is sampled.
 */
import { readFileSync } from "node:fs";
import pg from "pg";
import type { SourceRecordInput } from "@/lib/identity";
import { resolveRecords } from "@/lib/identity/db/resolve-records";
import { createIdentityPool, withClient } from "@/lib/identity/db/sql";
import { draftFromInput, upsertSourceRecords } from "@/lib/identity/db/upsert-records";
import { traceQueries, type TracedQuery } from "./trace-queries";

export interface TimedResolve {
  readonly ms: number;
  readonly kind: string;
  readonly action: string;
  readonly queries?: readonly TracedQuery[];
}

const [url, file] = process.argv.slice(2);
const tracer = process.argv.includes("--trace") ? traceQueries() : null;

/** Samples what autovacuum works on, every 100 ms, until stopped: statement → samples seen. */
function watchAutovacuum(connectionString: string): { stop: () => Promise<Record<string, number>> } {
  const client = new pg.Client({ connectionString });
  const seen: Record<string, number> = {};
  let timer: NodeJS.Timeout | undefined;
  const ready = client.connect().then(() => {
    timer = setInterval(() => {
      client
        .query<{ q: string }>("SELECT query AS q FROM pg_stat_activity WHERE backend_type = 'autovacuum worker'")
        .then((r) => r.rows.forEach((x) => (seen[x.q] = (seen[x.q] ?? 0) + 1)))
        .catch(() => {});
    }, 100);
  });
  return {
    stop: async () => {
      await ready;
      clearInterval(timer);
      await client.end();
      return seen;
    },
  };
}

async function main() {
  if (!url || !file) throw new Error("usage: incremental-child.ts <database url> <records.json> [--trace]");
  const input = JSON.parse(readFileSync(file, "utf8")) as { kind: string; record: SourceRecordInput }[];
  const pool = createIdentityPool(url, 4);
  const vacuum = tracer ? watchAutovacuum(url) : null;
  const resolves: TimedResolve[] = [];
  try {
    await withClient(pool, async (client) => {
      for (const { kind, record } of input) {
        const { toResolve } = await upsertSourceRecords(client, [{ draft: draftFromInput(record), raw: record }]);
        for (const id of toResolve) {
          tracer?.take();
          const started = performance.now();
          const [outcome] = await resolveRecords(pool, [id]);
          const ms = performance.now() - started;
          resolves.push({ ms, kind, action: outcome?.action ?? "none", ...(tracer ? { queries: tracer.take() } : {}) });
        }
      }
    });
  } finally {
    await pool.end();
  }
  const autovacuum = vacuum ? await vacuum.stop() : undefined;
  process.stdout.write(JSON.stringify({ resolves, autovacuum }) + "\n");
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
