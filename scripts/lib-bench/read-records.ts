import { statSync } from "node:fs";
import type { SourceRecordInput } from "@/lib/identity";
import { readLines } from "./lines";
import { RecordLines } from "./record-lines";

export interface ReadResult {
  readonly records: SourceRecordInput[];
  readonly malformed: number;
}

/**
 * Reads a JSONL file of source records. Malformed lines (and repeated source:id) are
 * reported (`path:line: skipped: why`, on stderr unless `onSkip` takes them) and skipped;
 * blank lines are ignored.
 */
export async function readRecordsFile(path: string, onSkip = (message: string) => process.stderr.write(message + "\n")): Promise<ReadResult> {
  const records: SourceRecordInput[] = [];
  let malformed = 0;
  const lines = new RecordLines((lineNo, error) => {
    malformed++;
    onSkip(`${path}:${lineNo}: skipped: ${error}`);
  });
  readLines(path, 0, statSync(path).size, (line, lineNo) => {
    const record = lines.read(line, lineNo);
    if (record) records.push(record);
  });
  return { records, malformed };
}
