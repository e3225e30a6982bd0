/**
 * Source records out of JSONL lines: blank lines are ignored; a malformed line, or a
 * source:id already read (the first is kept), is skipped and reported with its line number.
 */
// modules, not the @/lib/identity index: a worker thread loads only what it runs
import { parseRecordLine } from "@/lib/identity/input";
import { SOURCE_CODES } from "@/lib/identity/normalise";
import { recordKey, type SourceRecordInput } from "@/lib/identity/types";
import { RecordSet, recordHash } from "./record-set";

export class RecordLines {
  /** The records read (source code, id), in the order read. */
  readonly seen: RecordSet;

  /** `expected`: about how many records will be read (the set grows past it). */
  constructor(
    private readonly onSkip: (lineNo: number, error: string) => void,
    expected = 0,
  ) {
    this.seen = new RecordSet(expected);
  }

  /** The record on a line, or null: blank, or skipped (reported). */
  read(line: string, lineNo: number): SourceRecordInput | null {
    // '{' first: not blank, without trimming a copy of every line
    if (line.length === 0 || (line.charCodeAt(0) !== 123 && line.trim() === "")) return null;
    const parsed = parseRecordLine(line);
    if (!parsed.ok) {
      this.onSkip(lineNo, parsed.error);
      return null;
    }
    const { source, id } = parsed.record;
    const code = SOURCE_CODES[source];
    const hash = recordHash(code, id);
    if (this.seen.has(code, id, hash)) {
      this.onSkip(lineNo, `duplicate record ${recordKey(source, id)}`);
      return null;
    }
    this.seen.add(code, id, hash);
    return parsed.record;
  }
}
