/**
 * The output of `npm run match`: one line per record, `JSON.stringify` of {source, id,
 * person} or {source, id, person: null, reason}, assembled from its parts (twice as fast
 * as stringifying an object a line). match-output.test.ts checks the two agree.
 */
import { closeSync, openSync, writeSync } from "node:fs";
import { SOURCE_NAMES } from "@/lib/identity/normalise";

export interface MatchRows {
  /** Source code (normalise.ts SOURCE_CODES) of each record. */
  readonly source: Uint8Array;
  readonly ids: readonly string[];
  readonly personOf: readonly (string | null)[];
  /** Why a record has no person; read where personOf is null. */
  readonly reasonOf: readonly (string | null | undefined)[];
}

const HEADS = SOURCE_NAMES.map((source) => `{"source":${JSON.stringify(source)},"id":`);

export function matchLine(rows: MatchRows, i: number): string {
  const head = HEADS[rows.source[i]!]! + JSON.stringify(rows.ids[i]!);
  const person = rows.personOf[i] ?? null;
  if (person !== null) return `${head},"person":${JSON.stringify(person)}}`;
  const reason = rows.reasonOf[i];
  return reason === undefined ? `${head},"person":null}` : `${head},"person":null,"reason":${JSON.stringify(reason)}}`;
}

/** Writes the lines of every row to `path` (replaced). */
export function writeMatchLines(path: string, rows: MatchRows): void {
  const fd = openSync(path, "w");
  try {
    const CHUNK = 4096;
    const n = rows.ids.length;
    for (let start = 0; start < n; start += CHUNK) {
      let text = "";
      const end = Math.min(n, start + CHUNK);
      for (let i = start; i < end; i++) text += matchLine(rows, i) + "\n";
      writeSync(fd, text);
    }
  } finally {
    closeSync(fd);
  }
}
