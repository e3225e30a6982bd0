/**
 * Writes generated records (generate.ts) as a JSONL file, the input of `npm run match`:
 *   node --import tsx scripts/lib-bench/write-records.ts <size> <bucket> <seed> <out.jsonl>
 */
import { createWriteStream } from "node:fs";
import { generateRecords } from "./generate";

const [size = "100000", bucket = "0", seed = "1", out] = process.argv.slice(2);
if (!out) {
  process.stderr.write("usage: write-records.ts <size> <bucket> <seed> <out.jsonl>\n");
  process.exit(2);
}
const records = generateRecords({ size: Number(size), bucket: Number(bucket), seed: Number(seed) });
const stream = createWriteStream(out);
const CHUNK = 10_000;
for (let start = 0; start < records.length; start += CHUNK) {
  const text = records.slice(start, start + CHUNK).map((r) => JSON.stringify(r)).join("\n") + "\n";
  if (!stream.write(text)) await new Promise<void>((resolve) => stream.once("drain", () => resolve()));
}
await new Promise<void>((resolve, reject) => stream.end((err?: Error | null) => (err ? reject(err) : resolve())));
