import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { createInterface } from "node:readline";
import type pg from "pg";
import type { SourceKind } from "@/lib/identity/sources/types";
import { DEFAULT_CONFIG, type IdentityConfig } from "../config";
import { withClient } from "../db/sql";
import { upsertSourceRecords, type SourceRecordWrite } from "../db/upsert-records";
import { CsvRows, draftFromRow, parseJsonLine } from "./rows";

export interface ImportProgress {
  readonly bytesRead: number;
  readonly bytesTotal: number;
  readonly rows: number;
}

export interface BadRow {
  readonly line: number;
  readonly error: string;
}

export interface ImportSummary {
  readonly rows: number;
  readonly bad: number;
  readonly inserted: number;
  readonly updated: number;
  readonly unchanged: number;
  /** Records new or with changed identifying fields: they need resolving. */
  readonly toResolve: string[];
}

const BATCH = 5_000;

/**
 * Streams a JSONL or CSV file of one source's records into source_records, BATCH rows per
 * statement (upsertSourceRecords: idempotent, by source and external id). A bad row is
 * reported with its line number and skipped; every other row is stored. The format
 * follows the extension: .csv is CSV with a header row, anything else JSON lines.
 */
export async function importFile(
  pool: pg.Pool,
  input: { source: SourceKind; path: string; config?: IdentityConfig; onProgress?: (p: ImportProgress) => void; onBadRow?: (bad: BadRow) => void },
): Promise<ImportSummary> {
  const config = input.config ?? DEFAULT_CONFIG;
  const bytesTotal = (await stat(input.path)).size;
  const csv = input.path.toLowerCase().endsWith(".csv") ? new CsvRows() : null;
  let bytesRead = 0;
  let rows = 0;
  let bad = 0;
  let inserted = 0;
  let updated = 0;
  let unchanged = 0;
  const toResolve: string[] = [];
  let pending: SourceRecordWrite[] = [];
  const seen = new Map<string, number>();

  const reject = (line: number, error: string) => {
    bad++;
    input.onBadRow?.({ line, error });
  };
  const accept = (line: number, value: unknown) => {
    const r = draftFromRow(value, input.source);
    if (!r.ok) return reject(line, r.error);
    const first = seen.get(r.draft.externalId);
    if (first !== undefined) return reject(line, `duplicate id ${r.draft.externalId} (first on line ${first})`);
    seen.set(r.draft.externalId, line);
    rows++;
    pending.push({ draft: r.draft, raw: r.raw });
  };
  const flush = async () => {
    if (pending.length === 0) return;
    const batch = pending;
    pending = [];
    const s = await withClient(pool, (client) => upsertSourceRecords(client, batch, config));
    inserted += s.inserted;
    updated += s.updated;
    unchanged += s.unchanged;
    toResolve.push(...s.toResolve);
    input.onProgress?.({ bytesRead, bytesTotal, rows });
  };

  const lines = createInterface({ input: createReadStream(input.path, { encoding: "utf8" }), crlfDelay: Infinity });
  let lineNo = 0;
  for await (const line of lines) {
    lineNo++;
    bytesRead += Buffer.byteLength(line) + 1;
    if (csv) {
      const out = csv.push(line, lineNo);
      if (out === null) continue;
      if ("error" in out) reject(out.line, out.error);
      else accept(out.line, out.row);
    } else {
      if (line.trim() === "") continue;
      const json = parseJsonLine(line);
      if (!json.ok) reject(lineNo, json.error);
      else accept(lineNo, json.value);
    }
    if (pending.length >= BATCH) await flush();
  }
  const open = csv?.unterminated();
  if (open) reject(open.line, open.error);
  await flush();
  input.onProgress?.({ bytesRead: bytesTotal, bytesTotal, rows });
  return { rows, bad, inserted, updated, unchanged, toResolve };
}
