import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import { parseRecordLine, type SourceRecordInput } from "@/lib/identity";

export interface ReadResult {
  readonly records: SourceRecordInput[];
  readonly malformed: number;
}

/**
 * Reads a JSONL file of source records. Malformed lines (and repeated source:id) are
 * reported on stderr with their line number and skipped; blank lines are ignored.
 */
export async function readRecordsFile(path: string): Promise<ReadResult> {
  const records: SourceRecordInput[] = [];
  const seen = new Set<string>();
  let malformed = 0;
  let lineNo = 0;
  const lines = createInterface({ input: createReadStream(path, { encoding: "utf8" }), crlfDelay: Infinity });
  for await (const line of lines) {
    lineNo++;
    if (line.trim() === "") continue;
    const parsed = parseRecordLine(line);
    if (!parsed.ok) {
      malformed++;
      process.stderr.write(`${path}:${lineNo}: skipped: ${parsed.error}\n`);
      continue;
    }
    const key = `${parsed.record.source}:${parsed.record.id}`;
    if (seen.has(key)) {
      malformed++;
      process.stderr.write(`${path}:${lineNo}: skipped: duplicate record ${key}\n`);
      continue;
    }
    seen.add(key);
    records.push(parsed.record);
  }
  return { records, malformed };
}
