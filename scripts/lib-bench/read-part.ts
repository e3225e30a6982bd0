/**
 * One part of a records file read and normalised: the lines of a byte range (lines.ts),
 * each parsed and checked for repeats (record-lines.ts) and added to a BatchBuilder.
 * read-batch-file.ts runs it on the main thread and in read-part-worker.ts.
 */
import type { BatchBuilder } from "@/lib/identity/batch-builder";
import type { BatchPart } from "@/lib/identity/batch-part";
import type { IdentityConfig } from "@/lib/identity/config";
import { readLines } from "./lines";
import type { RecordLines } from "./record-lines";

export interface ByteRange {
  readonly start: number;
  readonly end: number;
}

/** What a worker reads, and sends back. */
export interface PartJob {
  readonly path: string;
  readonly range: ByteRange;
  readonly config: Pick<IdentityConfig, "defaultRegion" | "phoneValidity">;
}

export interface PartResult {
  readonly part: BatchPart;
  /** recordHash of each of the part's records (record-set.ts). */
  readonly hashes: Uint32Array;
  /** Lines in the range. */
  readonly lines: number;
  /** Skipped lines, numbered from the range's first line (1). */
  readonly skipped: readonly { readonly lineNo: number; readonly error: string }[];
}

/** About the records in so many bytes (records run 150–200 bytes); builders grow past it. */
export function expectedRecords(bytes: number): number {
  return Math.ceil(bytes / 128);
}

/** Reads a range into `builder`, its lines numbered after `lineBase`; returns how many lines it had. */
export function readPart(path: string, range: ByteRange, lineBase: number, lines: RecordLines, builder: BatchBuilder): number {
  return readLines(path, range.start, range.end, (line, lineNo) => {
    const record = lines.read(line, lineBase + lineNo);
    if (record) builder.add(record);
  });
}
