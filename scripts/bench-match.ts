/**
 * Benchmark of the identity engine on synthetic data.
 *
 *   npm run bench:match [-- --sizes 100000,1000000 --repeats 3 --small-repeats 7 --bucket 50000]
 *
 * For each size it runs the engine with the internal account's shared-contact bucket
 * (50,000 records under one email and phone at the largest size, the same share of the
 * records at smaller ones: 5,000 of 100,000, as bench:sync generates) and without it
 * (same number of records, all ordinary customers), each run in a fresh child process so peak RSS is that run's.
 * Prints per size and stage (normalise, block, score, cluster, profiles) the median wall
 * time, records/s and peak RSS. The largest size runs `--repeats` times per variant, the
 * smaller ones `--small-repeats` times (a sub-second run is noisy on a shared machine, and
 * the 1M/100k ratio divides by it). The last line is one JSON object:
 *   records_1m_s   median normalise→profiles wall time at the largest size, with the bucket
 *   phases_1m_ms   its median wall time per stage (normalise, block, score, cluster, profiles)
 *   cpu_1m_s       its median CPU time (user + system; less noisy than wall on a shared machine)
 *   peak_rss_mb    highest peak RSS of any run at the largest size (input records included)
 *   bucket_ratio   median time with the bucket / without it, at the largest size
 *   ratio_1m_100k  median time at the largest size / at the smallest, both with the bucket
 *                  (the same share of both: a fixed 50k would be half of 100k records, and
 *                  records that share every value cost less than others)
 *   ratio_1m_100k_without_bucket  the same without it
 * Input records are generated as noisy as ../shared/datasets/identity-noisy (swapped, two-edit,
 * split and missing names, email and phone typos, display-name emails: scripts/lib-bench/generate.ts) and round-tripped through
 * JSON as the match command reads them; generation is not timed.
 */
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import path from "node:path";

const STAGES = ["normalise", "block", "score", "cluster", "profiles"] as const;

interface RunResult {
  size: number;
  bucket: number;
  stages: Record<(typeof STAGES)[number], number>;
  totalMs: number;
  cpuMs: number;
  peakRssMb: number;
  persons: number;
  pairsCompared: number;
  bigBucketComparisons: number;
}

function arg(name: string, fallback: string): string {
  const at = process.argv.indexOf(name);
  return at >= 0 ? (process.argv[at + 1] ?? fallback) : fallback;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const here = path.dirname(fileURLToPath(import.meta.url));
const child = path.join(here, "lib-bench", "bench-child.ts");

function run(size: number, bucket: number, seed: number): RunResult {
  // tsx's loader in a plain node child: the child measures only itself
  const out = execFileSync(process.execPath, ["--expose-gc", "--import", "tsx", child, String(size), String(bucket), String(seed)], {
    encoding: "utf8",
    maxBuffer: 1 << 20,
    stdio: ["ignore", "pipe", "inherit"],
  });
  const line = out.trim().split("\n").pop() ?? "{}";
  return JSON.parse(line) as RunResult;
}

const sizes = arg("--sizes", "100000,1000000").split(",").map(Number);
const repeats = Number(arg("--repeats", "3"));
const smallRepeats = Number(arg("--small-repeats", "7"));
const bucketSize = Number(arg("--bucket", "50000"));
/** The bucket at a size: `bucketSize` records at the largest, the same share at the others (data of one shape at every size). */
const bucketAt = (size: number) => Math.round((bucketSize * size) / Math.max(...sizes));

const summary = new Map<string, RunResult[]>();
for (const size of sizes) {
  // a bucket never takes more than half the records (for small trial sizes)
  for (const bucket of [bucketAt(size), 0]) {
    const runs: RunResult[] = [];
    const times = size === Math.max(...sizes) ? repeats : smallRepeats;
    for (let r = 0; r < times; r++) {
      const result = run(size, bucket, r + 1);
      runs.push(result);
      process.stderr.write(`size ${size} bucket ${bucket} run ${r + 1}: ${(result.totalMs / 1000).toFixed(2)} s wall, ${(result.cpuMs / 1000).toFixed(2)} s cpu, peak RSS ${result.peakRssMb.toFixed(0)} MB\n`);
    }
    summary.set(`${size}:${bucket}`, runs);
    const med = (f: (r: RunResult) => number) => median(runs.map(f));
    process.stdout.write(`\n${size.toLocaleString("en")} records, ${bucket ? `${bucket.toLocaleString("en")}-record internal bucket` : "no bucket"} (median of ${times})\n`);
    process.stdout.write(`  ${"stage".padEnd(10)} ${"wall ms".padStart(9)} ${"records/s".padStart(12)}\n`);
    for (const stage of STAGES) {
      const ms = med((r) => r.stages[stage]);
      process.stdout.write(`  ${stage.padEnd(10)} ${ms.toFixed(0).padStart(9)} ${Math.round(size / (ms / 1000)).toLocaleString("en").padStart(12)}\n`);
    }
    const total = med((r) => r.totalMs);
    process.stdout.write(`  ${"total".padEnd(10)} ${total.toFixed(0).padStart(9)} ${Math.round(size / (total / 1000)).toLocaleString("en").padStart(12)}\n`);
    process.stdout.write(
      `  peak RSS ${Math.max(...runs.map((r) => r.peakRssMb)).toFixed(0)} MB; cpu ${(med((r) => r.cpuMs) / 1000).toFixed(2)} s; ${runs[0]!.persons.toLocaleString("en")} persons; ${runs[0]!.pairsCompared.toLocaleString("en")} pairs + ${runs[0]!.bigBucketComparisons.toLocaleString("en")} big-bucket comparisons\n`,
    );
  }
}

const largest = Math.max(...sizes);
const smallest = Math.min(...sizes);
const medTotal = (size: number, bucket: number) => median((summary.get(`${size}:${bucket}`) ?? []).map((r) => r.totalMs));
const largestRuns = summary.get(`${largest}:${bucketAt(largest)}`) ?? [];
const result = {
  records_1m_s: Math.round(medTotal(largest, bucketAt(largest))) / 1000,
  phases_1m_ms: Object.fromEntries(STAGES.map((stage) => [stage, Math.round(median(largestRuns.map((r) => r.stages[stage])))])),
  cpu_1m_s: Math.round(median(largestRuns.map((r) => r.cpuMs))) / 1000,
  peak_rss_mb: Math.round(Math.max(...[...summary.entries()].filter(([k]) => k.startsWith(`${largest}:`)).flatMap(([, runs]) => runs.map((r) => r.peakRssMb)))),
  bucket_ratio: Math.round((medTotal(largest, bucketAt(largest)) / medTotal(largest, 0)) * 1000) / 1000,
  ratio_1m_100k: Math.round((medTotal(largest, bucketAt(largest)) / medTotal(smallest, bucketAt(smallest))) * 1000) / 1000,
  ratio_1m_100k_without_bucket: Math.round((medTotal(largest, 0) / medTotal(smallest, 0)) * 1000) / 1000,
  bucket_ratio_by_size: Object.fromEntries(sizes.map((size) => [size, Math.round((medTotal(size, bucketAt(size)) / medTotal(size, 0)) * 1000) / 1000])),
  sizes,
  repeats,
  small_repeats: smallRepeats,
};
process.stdout.write(`\n${JSON.stringify(result)}\n`);
