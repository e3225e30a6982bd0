/**
 * Source records out of JSONL lines: blank lines are ignored; a malformed line, or a
 * source:id already read (the first is kept), is skipped and reported with its line number.
 */
import { parseRecordLine, recordKey, type SourceRecordInput } from "@/lib/identity";
import { SOURCE_CODES, SOURCE_NAMES } from "@/lib/identity/normalise";

export class RecordLines {
  /** Ids read, by source code (no "source:id" string per record). */
  private readonly seen: Set<string>[] = SOURCE_NAMES.map(() => new Set<string>());

  constructor(private readonly onSkip: (lineNo: number, error: string) => void) {}

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
    const ids = this.seen[SOURCE_CODES[source]]!;
    if (ids.has(id)) {
      this.onSkip(lineNo, `duplicate record ${recordKey(source, id)}`);
      return null;
    }
    ids.add(id);
    return parsed.record;
  }

  /** Whether a record (source by code) was read. */
  has(source: number, id: string): boolean {
    return this.seen[source]?.has(id) ?? false;
  }

  /** Counts a record read elsewhere (another thread) as read. */
  remember(source: number, id: string): void {
    this.seen[source]?.add(id);
  }
}
