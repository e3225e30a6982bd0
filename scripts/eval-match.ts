/**
 * Pairwise evaluation of the identity engine against labelled data.
 *
 *   npm run eval:match -- <dir> [--default-region AU] [--phone-validity possible|valid] [--learn|--frozen] [--no-name-keys] [--verbose]
 *
 * Reads <dir>/records.jsonl and <dir>/truth.json ("source:id" → true person key; keys
 * starting with "internal" are records booked under one internal account, keys ending in
 * "-partner" are partners). Prints pairwise precision, recall and F1 over all pairs of
 * records (a record with no predicted person counts as alone), overall and without the
 * internal records, and how many couples (X and X-partner both present) were fused.
 * Pairs are counted with cluster-size combinatorics, never by enumerating pairs.
 * The last line is one JSON object with the figures.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { UnionFind, resolveConfig, resolveIdentities, mergeEvidence } from "@/lib/identity";
import { readRecordsFile } from "./lib-bench/read-records";

interface PairScores {
  readonly records: number;
  readonly truePairs: number;
  readonly predictedPairs: number;
  readonly correctPairs: number;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
}

const pairs = (n: number) => (n * (n - 1)) / 2;

function pairScores(recordKeys: readonly string[], predicted: readonly string[], truth: readonly string[]): PairScores {
  const pred = new Map<string, number>();
  const tru = new Map<string, number>();
  const cell = new Map<string, number>();
  for (let i = 0; i < recordKeys.length; i++) {
    const p = predicted[i]!;
    const t = truth[i]!;
    pred.set(p, (pred.get(p) ?? 0) + 1);
    tru.set(t, (tru.get(t) ?? 0) + 1);
    const c = `${p}\u0000${t}`;
    cell.set(c, (cell.get(c) ?? 0) + 1);
  }
  let predictedPairs = 0;
  for (const n of pred.values()) predictedPairs += pairs(n);
  let truePairs = 0;
  for (const n of tru.values()) truePairs += pairs(n);
  let correctPairs = 0;
  for (const n of cell.values()) correctPairs += pairs(n);
  const precision = predictedPairs === 0 ? 1 : correctPairs / predictedPairs;
  const recall = truePairs === 0 ? 1 : correctPairs / truePairs;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { records: recordKeys.length, truePairs, predictedPairs, correctPairs, precision, recall, f1 };
}

function round(x: number): number {
  return Math.round(x * 1e5) / 1e5;
}

async function main() {
  const args = process.argv.slice(2);
  const valued = new Set(["--default-region", "--phone-validity"]);
  const dir = args.find((a, i) => !a.startsWith("--") && !valued.has(args[i - 1] ?? ""));
  if (!dir) {
    process.stderr.write("usage: eval-match <dir> [--default-region AU] [--phone-validity possible|valid] [--verbose]\n");
    process.exit(2);
  }
  const option = (flag: string) => {
    const at = args.indexOf(flag);
    return at >= 0 ? args[at + 1] : undefined;
  };
  const region = option("--default-region");
  const validity = option("--phone-validity");
  if (validity !== undefined && validity !== "possible" && validity !== "valid") {
    process.stderr.write("--phone-validity is possible or valid\n");
    process.exit(2);
  }
  const verbose = args.includes("--verbose");
  const nameKeys = args.includes("--no-name-keys") ? false : undefined;
  const learn = args.includes("--learn") ? true : args.includes("--frozen") ? false : undefined;

  const truthMap = JSON.parse(readFileSync(path.join(dir, "truth.json"), "utf8")) as Record<string, string>;
  const { records } = await readRecordsFile(path.join(dir, "records.jsonl"));
  const config = resolveConfig({ ...(region ? { defaultRegion: region } : {}), ...(validity ? { phoneValidity: validity } : {}), ...(learn !== undefined ? { learning: { enabled: learn } } : {}), ...(nameKeys === false ? { blocking: { nameKeys } } : {}) });
  const started = performance.now();
  const result = resolveIdentities(records, { config });
  const seconds = (performance.now() - started) / 1000;

  const groupOf = contactComponents(result);
  const keys: string[] = [];
  const contactGroup: string[] = [];
  const predicted: string[] = [];
  const truth: string[] = [];
  result.personOf.forEach((person, i) => {
    const key = result.batch.keyOf(i);
    const t = truthMap[key];
    if (t === undefined) {
      process.stderr.write(`no truth for ${key}; left out\n`);
      return;
    }
    keys.push(key);
    contactGroup.push(groupOf[i]!);
    predicted.push(person ?? `\u0000alone:${key}`);
    truth.push(t);
  });

  const overall = pairScores(keys, predicted, truth);
  const keep = truth.map((t) => !t.startsWith("internal"));
  const withoutInternal = pairScores(
    keys.filter((_, i) => keep[i]),
    predicted.filter((_, i) => keep[i]),
    truth.filter((_, i) => keep[i]),
  );

  // the ceiling of blocking on shared contacts: records linked by a chain of shared exact
  // emails or phones (dropped records alone), scored as if each such group were one person
  const ceiling = pairScores(
    keys.filter((_, i) => keep[i]),
    contactGroup.filter((_, i) => keep[i]),
    truth.filter((_, i) => keep[i]),
  );

  // couples: X and X-partner both present; fused when any of their records share a person
  const personsOfTruth = new Map<string, Set<string>>();
  truth.forEach((t, i) => {
    const set = personsOfTruth.get(t) ?? new Set<string>();
    set.add(predicted[i]!);
    personsOfTruth.set(t, set);
  });
  let couples = 0;
  let fused = 0;
  for (const [t, partnerPersons] of personsOfTruth) {
    if (!t.endsWith("-partner") || t.startsWith("internal")) continue;
    const primary = personsOfTruth.get(t.slice(0, -"-partner".length));
    if (!primary) continue;
    couples++;
    for (const p of partnerPersons) {
      if (primary.has(p)) {
        fused++;
        break;
      }
    }
  }

  if (verbose) reportErrors(result, keys, predicted, truth);
  if (result.learned) {
    const l = result.learned;
    process.stdout.write(`learned weights    EM ${l.iterations} iterations over ${l.blockedPairs} blocked pairs, u from ${l.randomPairs} random pairs, match share ${l.matchShare.toFixed(3)}\n`);
    for (const v of l.levels) {
      process.stdout.write(`  ${v.field.padEnd(10)} ${v.level.padEnd(16)} m ${v.m.toFixed(4)}  u ${v.u.toExponential(2)}  weight ${v.weight.toFixed(2)} (seed ${v.seed.toFixed(2)})\n`);
    }
  } else process.stdout.write("weights            frozen at the seed (config learning.enabled = false; --learn to estimate)\n");

  const line = (label: string, s: PairScores) =>
    `${label.padEnd(18)} records ${String(s.records).padStart(6)}  pairs true ${s.truePairs} predicted ${s.predictedPairs} correct ${s.correctPairs}  precision ${s.precision.toFixed(4)}  recall ${s.recall.toFixed(4)}  F1 ${s.f1.toFixed(4)}\n`;
  process.stdout.write(line("overall", overall));
  process.stdout.write(line("without internal", withoutInternal));
  process.stdout.write(`contact ceiling    recall ${ceiling.recall.toFixed(4)} (without internal: true pairs sharing a chain of exact emails or phones)\n`);
  process.stdout.write(`couples fused      ${fused} of ${couples} (${((100 * fused) / Math.max(1, couples)).toFixed(2)}%)\n`);
  process.stdout.write(
    `engine             ${result.stats.persons} persons, ${result.stats.dropped} dropped, ${result.stats.weakAttached} weak attached, ${result.stats.weak - result.stats.weakAttached} weak waiting, ${seconds.toFixed(2)} s\n`,
  );
  process.stdout.write(
    JSON.stringify({
      precision: round(overall.precision),
      recall: round(overall.recall),
      f1: round(overall.f1),
      precision_without_internal: round(withoutInternal.precision),
      recall_without_internal: round(withoutInternal.recall),
      f1_without_internal: round(withoutInternal.f1),
      couples,
      couples_fused: fused,
      couples_fused_pct: round((100 * fused) / Math.max(1, couples)),
      contact_ceiling_recall_without_internal: round(ceiling.recall),
      records: result.stats.records,
      persons: result.stats.persons,
      dropped: result.stats.dropped,
      seconds: round(seconds),
    }) + "\n",
  );
}

/** Per record, a label of its group of records linked by shared exact emails or phones. */
function contactComponents(result: ReturnType<typeof resolveIdentities>): string[] {
  const DROPPED = 2;
  const b = result.batch;
  const uf = new UnionFind(b.size);
  const firstOf = new Map<string, number>();
  for (let i = 0; i < b.size; i++) {
    if (b.status[i] === DROPPED) continue;
    for (const v of [b.email[i]! >= 0 ? `e${b.email[i]}` : null, b.phone[i]! >= 0 ? `p${b.phone[i]}` : null]) {
      if (v === null) continue;
      const j = firstOf.get(v);
      if (j === undefined) firstOf.set(v, i);
      else uf.union(i, j);
    }
  }
  return Array.from({ length: b.size }, (_, i) => `g${uf.find(i)}`);
}

/** --verbose: false merges (with the merge evidence that joined them) and missed pairs. */
function reportErrors(result: ReturnType<typeof resolveIdentities>, keys: readonly string[], predicted: readonly string[], truth: readonly string[]) {
  const truthOf = new Map(keys.map((k, i) => [k, truth[i]!]));
  let wrong = 0;
  for (let k = 0; k < result.merges.length; k++) {
    const e = mergeEvidence(result, k);
    const ta = truthOf.get(e.a);
    const tb = truthOf.get(e.b);
    if (ta === tb || (ta?.startsWith("internal") && tb?.startsWith("internal"))) continue;
    if (wrong++ < 40) {
      const fields = e.fields.map((f) => `${f.field}=${f.level}(${f.weight.toFixed(2)})`).join(" ");
      process.stderr.write(`false merge ${e.a} [${ta}] + ${e.b} [${tb}]: ${fields} total ${e.total.toFixed(2)}\n`);
    }
  }
  process.stderr.write(`false merge edges: ${wrong}\n`);
  // true persons split over several predicted persons
  const byTruth = new Map<string, Set<string>>();
  truth.forEach((t, i) => {
    const s = byTruth.get(t) ?? new Set<string>();
    s.add(predicted[i]!);
    byTruth.set(t, s);
  });
  let split = 0;
  for (const [t, s] of byTruth) {
    if (s.size > 1 && !t.startsWith("internal") && split++ < 30) {
      const members = keys.filter((_, i) => truth[i] === t).map((k) => `${k}→${(predicted[keys.indexOf(k)] ?? "").slice(0, 12)}`);
      process.stderr.write(`split ${t}: ${members.join(" ")}\n`);
    }
  }
  process.stderr.write(`split persons: ${split}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
