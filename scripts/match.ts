/**
 * Runs the identity engine in memory over a JSONL file of source records.
 *
 *   npm run match -- --input records.jsonl --output clusters.jsonl [--default-region AU]
 *                    [--phone-validity possible|valid] [--previous clusters.jsonl]
 *                    [--rejections in.jsonl] [--write-rejections out.jsonl]
 *
 * Output: one line per input record, `{"source","id","person"}`, person a stable profile
 * key, or null with a "reason" (no_contact, ambiguous, no_match). With --previous (an
 * earlier output), clusters keep the keys most of their records had. Rejections are
 * merge rejections as the engine reports them ({a, b, aVersion, bVersion, ...}): read ones
 * are skipped until a record's evidence changes. Malformed input lines (and a repeated
 * source:id, the first kept) are reported on stderr with their line numbers and skipped.
 *
 * The input is read and normalised on one thread per core (files of 8 MB a part or more),
 * the main thread and worker threads each taking a part of the file
 * (lib-bench/read-batch-file.ts); the engine then runs on the merged batch (resolveBatch).
 * From 100k records the output is written on a worker thread (lib-bench/match-writer.ts),
 * handed the persons as soon as the engine knows them, while the engine builds profiles.
 *
 * The last stdout line is a JSON summary: counts, `seconds` (end to end: read, resolve,
 * write), `phases` (seconds: read — the parts read, parsed and normalised in parallel, with
 * --previous and --rejections; merge — the parts merged and the batch-wide normalisation
 * steps; the engine's stages; write — what the output costs the main thread: with the
 * writer thread, handing it the ids and waiting for it after the engine), `read_threads`
 * and `peak_rss_mb`.
 */
import { createReadStream, createWriteStream, type WriteStream } from "node:fs";
import { createInterface } from "node:readline";
import { z } from "zod";
import { type MergeRejection, resolveBatch, resolveConfig, type Stage } from "@/lib/identity";
import { writeMatchLines } from "./lib-bench/match-output";
import { MatchWriter } from "./lib-bench/match-writer";
import { readBatchFile } from "./lib-bench/read-batch-file";

interface Args {
  input: string;
  output: string;
  region?: string;
  phoneValidity?: "possible" | "valid";
  previous?: string;
  rejections?: string;
  writeRejections?: string;
}

function parseArgs(argv: readonly string[]): Args {
  const value = (flag: string) => {
    const at = argv.indexOf(flag);
    return at >= 0 ? argv[at + 1] : undefined;
  };
  const input = value("--input");
  const output = value("--output");
  if (!input || !output) {
    process.stderr.write("usage: match --input records.jsonl --output clusters.jsonl [--default-region AU] [--phone-validity possible|valid] [--previous clusters.jsonl] [--rejections in.jsonl] [--write-rejections out.jsonl]\n");
    process.exit(2);
  }
  const validity = value("--phone-validity");
  if (validity !== undefined && validity !== "possible" && validity !== "valid") {
    process.stderr.write("--phone-validity is possible or valid\n");
    process.exit(2);
  }
  return { input, output, region: value("--default-region"), phoneValidity: validity, previous: value("--previous"), rejections: value("--rejections"), writeRejections: value("--write-rejections") };
}

const previousLine = z.object({ source: z.string(), id: z.union([z.string(), z.number().transform(String)]), person: z.string().nullable() });
/** Records from which the output is written on a worker thread (below, a thread costs more than it saves). */
const THREADED_WRITE_MIN = 100_000;

const rejectionLine = z.object({ a: z.string(), b: z.string(), aVersion: z.string(), bVersion: z.string() });

async function readJsonLines<T>(path: string, schema: z.ZodType<T>, onLine: (value: T) => void): Promise<void> {
  let lineNo = 0;
  const lines = createInterface({ input: createReadStream(path, { encoding: "utf8" }), crlfDelay: Infinity });
  for await (const line of lines) {
    lineNo++;
    if (line.trim() === "") continue;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      process.stderr.write(`${path}:${lineNo}: skipped: invalid JSON\n`);
      continue;
    }
    const parsed = schema.safeParse(json);
    if (parsed.success) onLine(parsed.data);
    else process.stderr.write(`${path}:${lineNo}: skipped: ${parsed.error.issues[0]?.message ?? "invalid"}\n`);
  }
}

async function writeLines(stream: WriteStream, count: number, line: (i: number) => string): Promise<void> {
  const CHUNK = 4096;
  for (let start = 0; start < count; start += CHUNK) {
    let text = "";
    const end = Math.min(count, start + CHUNK);
    for (let i = start; i < end; i++) text += line(i) + "\n";
    if (!stream.write(text)) await new Promise<void>((resolve) => stream.once("drain", () => resolve()));
  }
  await new Promise<void>((resolve, reject) => stream.end((err?: Error | null) => (err ? reject(err) : resolve())));
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const started = performance.now();
  const phases: Record<string, number> = {};
  let lap = started;
  const phase = (name: string, ms = performance.now() - lap) => {
    phases[name] = Math.round(ms) / 1000;
    lap = performance.now();
  };
  const config = resolveConfig({ ...(args.region ? { defaultRegion: args.region } : {}), ...(args.phoneValidity ? { phoneValidity: args.phoneValidity } : {}) });
  const read = await readBatchFile(args.input, config);
  const { batch } = read;

  let previous: Map<string, string> | undefined;
  if (args.previous) {
    const prior = new Map<string, string>();
    await readJsonLines(args.previous, previousLine, (l) => {
      if (l.person !== null) prior.set(`${l.source}:${l.id}`, l.person);
    });
    previous = prior;
  }
  const rejections: MergeRejection[] = [];
  if (args.rejections) await readJsonLines(args.rejections, rejectionLine, (r) => rejections.push(r));

  phase("read", performance.now() - started - read.mergeMs);
  phase("merge", read.mergeMs);
  // a big output is written on a worker thread while the engine builds profiles
  const setupStart = performance.now();
  const writer = batch.size >= THREADED_WRITE_MIN ? new MatchWriter(args.output, batch) : null;
  const setupMs = performance.now() - setupStart;
  const result = resolveBatch(batch, {
    config,
    previous,
    rejections,
    onStage: (stage: Stage, ms: number) => phase(stage, ms),
    onAssigned: writer ? (assignment) => writer.write(assignment) : undefined,
  });
  lap = performance.now() - setupMs;

  if (writer) await writer.done();
  else writeMatchLines(args.output, { source: batch.source, ids: batch.ids, personOf: result.personOf, reasonOf: result.reasonOf });
  if (args.writeRejections) {
    await writeLines(createWriteStream(args.writeRejections), result.rejected.length, (k) => JSON.stringify(result.rejected[k]));
  }

  phase("write");
  const seconds = (performance.now() - started) / 1000;
  process.stdout.write(
    JSON.stringify({
      records: result.stats.records,
      persons: result.stats.persons,
      dropped: result.stats.dropped,
      weak_attached: result.stats.weakAttached,
      seconds: Math.round(seconds * 1000) / 1000,
      phases,
      read_threads: read.parts,
      peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
    }) + "\n",
  );
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
