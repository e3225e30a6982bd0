/**
 * One benchmark run in its own process (so peak RSS is this run's alone):
 *   node --expose-gc --import tsx scripts/lib-bench/bench-child.ts <size> <bucket> <seed>
 * Prints one JSON line: stage times (ms), total, peak RSS (MB), counts.
 */
import { resolveIdentities, type SourceRecordInput, type Stage } from "@/lib/identity";
import { generateRecords } from "./generate";

const [size = "100000", bucket = "0", seed = "1"] = process.argv.slice(2);
// Round-trip through JSON lines, as `npm run match` reads them: flat strings and the object
// shapes JSON.parse makes, not the generator's concatenated strings.
const records = generateRecords({ size: Number(size), bucket: Number(bucket), seed: Number(seed) }).map(
  (r) => JSON.parse(JSON.stringify(r)) as SourceRecordInput,
);
// collect the generator's garbage first so the engine is not billed for it
(globalThis as { gc?: () => void }).gc?.();
const rssBeforeMb = process.memoryUsage().rss / 1048576;
const stages: Partial<Record<Stage, number>> = {};
const cpu0 = process.cpuUsage();
const started = performance.now();
const result = resolveIdentities(records, { onStage: (stage, ms) => (stages[stage] = ms) });
const totalMs = performance.now() - started;
const cpu = process.cpuUsage(cpu0);
process.stdout.write(
  JSON.stringify({
    size: records.length,
    bucket: Number(bucket),
    stages,
    totalMs,
    cpuMs: (cpu.user + cpu.system) / 1000,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    inputRssMb: rssBeforeMb,
    persons: result.stats.persons,
    merges: result.stats.merges,
    pairsCompared: result.stats.pairsCompared,
    bigBucketComparisons: result.stats.bigBucketComparisons,
    phoneParses: result.stats.phoneParses,
    rejected: result.rejected.length,
  }) + "\n",
);
