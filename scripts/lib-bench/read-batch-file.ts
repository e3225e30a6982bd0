/**
 * Reads and normalises a JSONL file of source records on several threads, into the
 * NormalisedBatch that normaliseBatch gives over the records readRecordsFile reads (same
 * records, order, value ids, display forms; same skipped lines, reported in file order).
 * Only `phoneParses` may differ: it sums the parts' libphonenumber calls, and with
 * phoneValidity "valid" a number met in two parts is checked in each.
 *
 * The file is cut at line ends into one part per thread (splitAtLines). The main thread
 * reads the first part straight into the batch's builder; each other part is read by a
 * worker (read-part-worker.ts) against its own value tables, and appended in file order
 * (BatchBuilder.appendPart). A part holding a source:id already read before it is read
 * again on the main thread instead, after the parts before it, so the repeat is skipped
 * exactly as a single reader skips it.
 */
import { statSync } from "node:fs";
import { availableParallelism } from "node:os";
import type { Worker } from "node:worker_threads";
import { BatchBuilder, type BatchPart, type IdentityConfig, type NormalisedBatch } from "@/lib/identity";
import { splitAtLines } from "./lines";
import { expectedRecords, type ByteRange, type PartJob, type PartResult, readPart } from "./read-part";
import { RecordLines } from "./record-lines";
import { startTsWorker } from "./ts-worker";

export interface BatchRead {
  readonly batch: NormalisedBatch;
  /** Lines skipped (malformed or a repeat). */
  readonly skipped: number;
  /** Parts the file was cut into (the main thread and parts - 1 workers). */
  readonly parts: number;
  /** Milliseconds reading the parts (in parallel), and merging them into the batch. */
  readonly readMs: number;
  readonly mergeMs: number;
}

export interface BatchReadOptions {
  /** Default: one per core (os.availableParallelism), for files of at least MIN_PART_BYTES a part. */
  readonly parts?: number;
  /** A skipped line's message (`path:line: skipped: why`). Default: stderr. */
  readonly onSkip?: (message: string) => void;
}

/**
 * How much more than a worker the main thread reads (as a share of one part): a worker
 * starts about half a second later (a thread, tsx, the engine's modules) and posts its
 * part back. On 1M records 2 parts of equal bytes had the worker finish ~0.9 s after main;
 * with this share both finished within 0.02 s.
 */
const MAIN_EXTRA = 0.2;

/** Below this much a part, a thread (~0.3 s to start) costs more than it saves. */
const MIN_PART_BYTES = 8 << 20;

function runWorker(job: PartJob): Promise<PartResult> {
  const worker: Worker = startTsWorker(new URL("./read-part-worker.ts", import.meta.url), job);
  return new Promise<PartResult>((resolve, reject) => {
    worker.once("message", (result: PartResult) => resolve(result));
    worker.once("error", reject);
    worker.once("exit", (code) => reject(new Error(`read worker for bytes ${job.range.start}-${job.range.end} exited (${code}) without a result`)));
  });
}

/** Record k's id in a part. */
function idReader(part: BatchPart): (k: number) => string {
  const { text, ends } = part.ids;
  return (k) => text.slice(k === 0 ? 0 : ends[k - 1]!, ends[k]!);
}

export async function readBatchFile(path: string, config: Pick<IdentityConfig, "defaultRegion" | "phoneValidity">, options: BatchReadOptions = {}): Promise<BatchRead> {
  const started = performance.now();
  const size = statSync(path).size;
  const parts = Math.max(1, Math.floor(options.parts ?? Math.min(availableParallelism(), size / MIN_PART_BYTES)));
  const ranges: ByteRange[] = splitAtLines(path, size, [1 + MAIN_EXTRA, ...Array<number>(parts - 1).fill(1)]);
  const jobConfig = { defaultRegion: config.defaultRegion, phoneValidity: config.phoneValidity };
  const results = ranges.slice(1).map((range) => (range.end > range.start ? runWorker({ path, range, config: jobConfig }) : null));
  // awaited in order below; a failure while an earlier part is awaited must not go unhandled
  for (const r of results) r?.catch(() => {});

  const onSkip = options.onSkip ?? ((message: string) => process.stderr.write(message + "\n"));
  let skipped = 0;
  const report = (lineNo: number, error: string) => {
    skipped++;
    onSkip(`${path}:${lineNo}: skipped: ${error}`);
  };
  const lines = new RecordLines(report, expectedRecords(size));
  const builder = new BatchBuilder(config, expectedRecords(size));
  let lineBase = readPart(path, ranges[0]!, 0, lines, builder);

  const pending: PartResult[] = [];
  for (const r of results) if (r) pending.push(await r);
  const readMs = performance.now() - started;

  let next = 0;
  for (let k = 1; k < ranges.length; k++) {
    if (results[k - 1] === null) continue;
    const result = pending[next++]!;
    const { part, hashes } = result;
    const idAt = idReader(part);
    if (lines.seen.hasAny(part.source, hashes, idAt)) {
      lineBase += readPart(path, ranges[k]!, lineBase, lines, builder);
      continue;
    }
    for (const s of result.skipped) report(lineBase + s.lineNo, s.error);
    if (k < ranges.length - 1) for (let i = 0; i < part.size; i++) lines.seen.add(part.source[i]!, idAt(i), hashes[i]);
    builder.appendPart(part);
    lineBase += result.lines;
  }
  const batch = builder.finish();
  return { batch, skipped, parts: ranges.length, readMs, mergeMs: performance.now() - started - readMs };
}
