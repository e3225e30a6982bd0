/**
 * Imports one source's records from a file into source_records, then resolves them.
 *
 *   npm run import -- --source <order|sbm|aj|aj_partner> <file.jsonl|file.csv> [--full-sync | --no-resolve]
 *
 * JSONL: one object per line; CSV: a header row. Columns: id, first_name, last_name,
 * full_name, email, phone, booking_id, updated_at (and source, which must match). A progress
 * bar goes to stderr; bad rows are reported there with their line numbers and skipped.
 * Idempotent: importing the same file again writes nothing. Afterwards the new and changed
 * records are resolved incrementally, or by a full sync when there are many of them (or
 * with --full-sync). The last stdout line is a JSON summary.
 */
import { SOURCES, type Source } from "@/lib/identity";
import { databaseUrl } from "@/lib/db/client";
import { runFullSync } from "@/lib/identity/db/full-sync/full-sync";
import { resolveRecords } from "@/lib/identity/db/resolve-records";
import { createIdentityPool } from "@/lib/identity/db/sql";
import { importFile, type ImportProgress } from "@/lib/identity/import/import-file";

/** Above this many records to resolve, one full sync is cheaper than resolving each. */
const FULL_SYNC_ABOVE = 20_000;

function usage(message?: string): never {
  if (message) process.stderr.write(`${message}\n`);
  process.stderr.write("usage: import --source <order|sbm|aj|aj_partner> <file.jsonl|file.csv> [--full-sync | --no-resolve]\n");
  process.exit(2);
}

function parseArgs(argv: readonly string[]) {
  const at = argv.indexOf("--source");
  const source = at >= 0 ? argv[at + 1] : undefined;
  if (!source || !(SOURCES as readonly string[]).includes(source)) usage(source ? `unknown source ${source}` : undefined);
  const files = argv.filter((a, k) => !a.startsWith("--") && k !== at + 1);
  if (files.length !== 1) usage();
  return { source: source as Source, path: files[0]!, fullSync: argv.includes("--full-sync"), resolve: !argv.includes("--no-resolve") };
}

function progressBar(): (p: ImportProgress) => void {
  const tty = process.stderr.isTTY;
  let lastPrinted = -1;
  return (p) => {
    const fraction = p.bytesTotal === 0 ? 1 : Math.min(1, p.bytesRead / p.bytesTotal);
    const percent = Math.floor(fraction * 100);
    if (tty) {
      const width = 30;
      const filled = Math.round(fraction * width);
      process.stderr.write(`\r[${"#".repeat(filled)}${" ".repeat(width - filled)}] ${String(percent).padStart(3)}%  ${p.rows} rows`);
      if (fraction === 1) process.stderr.write("\n");
    } else if (percent >= lastPrinted + 10 || fraction === 1) {
      // not a terminal (CI, a log file): a line every 10% instead of redrawing
      lastPrinted = percent;
      process.stderr.write(`import: ${percent}% (${p.rows} rows)\n`);
    }
  };
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const pool = createIdentityPool(databaseUrl(), 2);
  const started = performance.now();
  try {
    const summary = await importFile(pool, {
      source: args.source,
      path: args.path,
      onProgress: progressBar(),
      onBadRow: (bad) => process.stderr.write(`${process.stderr.isTTY ? "\r\x1b[K" : ""}${args.path}:${bad.line}: skipped: ${bad.error}\n`),
    });
    let resolved: Record<string, number> | null = null;
    let fullSync: string | null = null;
    if (args.resolve && (args.fullSync || summary.toResolve.length > FULL_SYNC_ABOVE)) {
      process.stderr.write(`resolving ${summary.toResolve.length} records by a full sync\n`);
      const r = await runFullSync(pool);
      fullSync = r.ok ? r.runId : r.reason;
    } else if (args.resolve && summary.toResolve.length > 0) {
      resolved = {};
      for (const o of await resolveRecords(pool, summary.toResolve, { actor: "identity.import" })) resolved[o.action] = (resolved[o.action] ?? 0) + 1;
    }
    const { toResolve, ...counts } = summary;
    process.stdout.write(JSON.stringify({ ...counts, to_resolve: toResolve.length, resolved, full_sync: fullSync, seconds: Math.round(performance.now() - started) / 1000 }) + "\n");
  } finally {
    await pool.end();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
