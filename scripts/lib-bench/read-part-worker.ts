/**
 * Worker thread of read-batch-file.ts: reads and normalises one byte range of a records
 * file against its own value tables and posts the part back (typed arrays transferred).
 */
import { parentPort, workerData } from "node:worker_threads";
// modules, not the @/lib/identity index: the thread loads only what it runs
import { BatchBuilder } from "@/lib/identity/batch-builder";
import { partTransferables } from "@/lib/identity/batch-part";
import { expectedRecords, type PartJob, type PartResult, readPart } from "./read-part";
import { RecordLines } from "./record-lines";

const job = workerData as PartJob;
const skipped: { lineNo: number; error: string }[] = [];
const lines = new RecordLines((lineNo, error) => skipped.push({ lineNo, error }), expectedRecords(job.range.end - job.range.start));
const builder = new BatchBuilder(job.config, expectedRecords(job.range.end - job.range.start));
const count = readPart(job.path, job.range, 0, lines, builder);
const part = builder.toPart();
const hashes = lines.seen.entryHashes();
const result: PartResult = { part, hashes, lines: count, skipped };
parentPort!.postMessage(result, [...partTransferables(part), hashes.buffer as ArrayBuffer]);
