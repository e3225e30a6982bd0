import { attachWeak } from "./attach";
import { buildBlocks } from "./block";
import { REASON_BELOW_THRESHOLD, REASON_BOOKING, REASON_FIRST_NAME, scoreCandidates } from "./candidates";
import { clusterBatch } from "./cluster";
import { learnWeights, type LearnedWeights } from "./em";
import { EMAIL_LEVELS, FIRST_LEVELS, LAST_LEVELS, PHONE_LEVELS } from "./compare";
import { DEFAULT_CONFIG, type IdentityConfig, weightToProbability } from "./config";
import { assignPersonKeys } from "./keys";
import { normaliseBatch } from "./batch-builder";
import { DROPPED, FULL, evidenceVersionOf, type NormalisedBatch } from "./normalise";
import { PairScorer } from "./pair-scorer";
import type { MergeLog, PairLog } from "./pair-log";
import { buildProfiles, type ProfileTable } from "./profiles";
import { BatchRejections, type MergeRejection, type RejectedPair, type RejectionReason } from "./rejections";
import type { Field, SourceRecordInput, UnassignedReason } from "./types";

export type Stage = "normalise" | "block" | "score" | "cluster" | "profiles";

export interface ResolveOptions {
  readonly config?: IdentityConfig;
  /** Previous assignment record key → person key, for stable keys. */
  readonly previous?: ReadonlyMap<string, string>;
  /** Cached rejections: skipped unless either record's evidence version changed. */
  readonly rejections?: Iterable<MergeRejection>;
  /** Pairs of record keys a person confirmed are one person (must-links). */
  readonly mustLinks?: Iterable<{ readonly a: string; readonly b: string }>;
  /** Called after each stage with its wall time in ms (benchmarks). */
  readonly onStage?: (stage: Stage, ms: number) => void;
  /**
   * Called with every record's person (and why not) as soon as they are known, before
   * profiles, rejections and possible matches are built: a caller writing them out can
   * start (npm run match writes on a worker thread meanwhile).
   */
  readonly onAssigned?: (assignment: Assignment) => void;
}

/** Who each record is, as soon as it is known (ResolveOptions.onAssigned). */
export interface Assignment {
  readonly personOf: readonly (string | null)[];
  readonly reasonOf: readonly (UnassignedReason | null)[];
  /** The same persons in compact form: record i's person is `personKeys[clusterOf[i]]` (-1: none). */
  readonly clusterOf: Int32Array;
  readonly personKeys: readonly string[];
}

export interface ResolutionStats {
  readonly records: number;
  readonly full: number;
  readonly weak: number;
  readonly dropped: number;
  readonly persons: number;
  readonly weakAttached: number;
  readonly pairsCompared: number;
  readonly bigBucketComparisons: number;
  readonly skippedByRejection: number;
  readonly merges: number;
  readonly phoneParses: number;
}

export interface BatchResolution {
  readonly batch: NormalisedBatch;
  /** Person key per input record (input order); null when the record has no person. */
  readonly personOf: readonly (string | null)[];
  /** Why a record has no person (null for records with one). */
  readonly reasonOf: readonly (UnassignedReason | null)[];
  /** One profile per person; `profiles.get(c)` gives profile c as an object. */
  readonly profiles: ProfileTable;
  /** Profile c's records are batch indices `members[offsets[c] .. offsets[c + 1])`. */
  readonly clusters: { readonly offsets: Int32Array; readonly members: Int32Array };
  readonly merges: MergeLog;
  readonly rejected: readonly RejectedPair[];
  /** Pairs for ops to review: scored between the review and merge thresholds, or ambiguous. */
  readonly possible: readonly PossibleMatch[];
  /** The weights learned by EM (config.learning), or null when frozen at the seed. */
  readonly learned: LearnedWeights | null;
  readonly stats: ResolutionStats;
}

/**
 * A possible match. `score`: the pair scored above the review threshold and at most the
 * merge threshold, and its records ended in different persons (or none). `ambiguous`: a
 * record with no first name matched people with different first names (a couple's inbox)
 * and joined neither; one row per person it matched.
 */
export interface PossibleMatch {
  readonly kind: "score" | "ambiguous";
  readonly a: string;
  readonly b: string;
  readonly aVersion: string;
  readonly bVersion: string;
  readonly probability: number;
  readonly reason: string | null;
  readonly evidence: MergeEvidence;
}

/**
 * The whole batch pipeline, in memory: normalise → block → score → cluster → attach weak
 * records → stable keys → consensus profiles. Pure: no I/O.
 */
export function resolveIdentities(inputs: readonly SourceRecordInput[], options: ResolveOptions = {}): BatchResolution {
  const started = performance.now();
  const batch = normaliseBatch(inputs, options.config ?? DEFAULT_CONFIG);
  options.onStage?.("normalise", performance.now() - started);
  return resolveBatch(batch, options);
}

/**
 * The pipeline after normalisation, over a batch built elsewhere (BatchBuilder: a file
 * read by several threads) with the same config's region and phone validity.
 */
export function resolveBatch(batch: NormalisedBatch, options: ResolveOptions = {}): BatchResolution {
  const seed = options.config ?? DEFAULT_CONFIG;
  const onStage = options.onStage ?? (() => {});
  let t = performance.now();
  const lap = (stage: Stage) => {
    const now = performance.now();
    onStage(stage, now - t);
    t = now;
  };

  const blocks = buildBlocks(batch);
  let scorer = new PairScorer(batch, blocks, seed);
  let learned: LearnedWeights | null = null;
  let config = seed;
  if (seed.learning.enabled) {
    learned = learnWeights(batch, blocks, scorer, seed, { iterations: seed.learning.iterations, maxBlockedPairs: seed.learning.maxBlockedPairs, randomPairs: seed.learning.randomPairs });
    config = { ...seed, weights: learned.weights };
    scorer = new PairScorer(batch, blocks, config);
  }
  const rejections = new BatchRejections(batch, options.rejections ?? []);
  lap("block");

  const scored = scoreCandidates(batch, blocks, scorer, rejections, config);
  lap("score");

  const clustering = clusterBatch(batch, blocks, scorer, scored, rejections, config, mustLinkIndices(batch, options.mustLinks));
  lap("cluster");

  const { uf } = clustering;
  const weak = attachWeak(batch, blocks, uf);
  const n = batch.size;
  // cluster index per root, numbered in order of first record
  const clusterOfRoot = new Int32Array(n).fill(-1);
  const clusterOf = new Int32Array(n).fill(-1);
  let clusters = 0;
  let full = 0;
  let dropped = 0;
  for (let i = 0; i < n; i++) {
    const s = batch.status[i]!;
    let root = -1;
    if (s === FULL) {
      full++;
      if (!clustering.ambiguous.has(i)) root = uf.find(i);
    } else if (s === DROPPED) dropped++;
    else root = weak.root[i]!;
    if (root < 0) continue;
    let c = clusterOfRoot[root]!;
    if (c < 0) {
      c = clusters++;
      clusterOfRoot[root] = c;
    }
    clusterOf[i] = c;
  }
  const offsets = new Int32Array(clusters + 1);
  for (let i = 0; i < n; i++) {
    const c = clusterOf[i]!;
    if (c >= 0) offsets[c + 1]!++;
  }
  for (let c = 0; c < clusters; c++) offsets[c + 1]! += offsets[c]!;
  const cursor = offsets.slice(0, clusters);
  const members = new Int32Array(offsets[clusters]!);
  for (let i = 0; i < n; i++) {
    const c = clusterOf[i]!;
    if (c >= 0) members[cursor[c]!++] = i;
  }

  const personKeys = assignPersonKeys(offsets, members, batch.keyOf, options.previous, batch.compareKeys);

  // grown by push: `new Array(n)` of a large n makes a slow dictionary-mode array
  const personOf: (string | null)[] = [];
  const reasonOf: (UnassignedReason | null)[] = [];
  for (let i = 0; i < n; i++) {
    const c = clusterOf[i]!;
    personOf.push(c >= 0 ? personKeys[c]! : null);
    reasonOf.push(c >= 0 ? null : batch.status[i] === DROPPED ? "no_contact" : clustering.ambiguous.has(i) ? "ambiguous" : (weak.reason.get(i) ?? "no_match"));
  }
  options.onAssigned?.({ personOf, reasonOf, clusterOf, personKeys });

  const profiles = buildProfiles(batch, offsets, members, personKeys);

  const rejected = materialiseRejections(batch, [scored.rejected, clustering.rejected]);
  const possible = possibleMatches(batch, scorer, config, clusterOf, [scored.rejected, clustering.rejected], clustering.ambiguous);
  lap("profiles");

  return {
    batch,
    personOf,
    reasonOf,
    profiles,
    clusters: { offsets, members },
    merges: clustering.merges,
    rejected,
    possible,
    learned,
    stats: {
      records: n,
      full,
      weak: n - full - dropped,
      dropped,
      persons: clusters,
      weakAttached: weak.attached,
      pairsCompared: scored.compared,
      bigBucketComparisons: clustering.bigBucketComparisons,
      skippedByRejection: scored.skippedByRejection,
      merges: clustering.merges.length,
      phoneParses: batch.phoneParses,
    },
  };
}

const REASONS: Readonly<Record<number, RejectionReason>> = {
  [REASON_BOOKING]: "booking_conflict",
  [REASON_FIRST_NAME]: "first_name_conflict",
};

function materialiseRejections(batch: NormalisedBatch, logs: readonly PairLog[]): RejectedPair[] {
  const versions = new Map<number, string>();
  const version = (i: number) => {
    let v = versions.get(i);
    if (v === undefined) {
      v = evidenceVersionOf(batch, i);
      versions.set(i, v);
    }
    return v;
  };
  const out: RejectedPair[] = [];
  for (const log of logs) {
    for (let k = 0; k < log.length; k++) {
      const i = log.a[k]!;
      const j = log.b[k]!;
      out.push({
        a: batch.keyOf(i),
        b: batch.keyOf(j),
        aVersion: version(i),
        bVersion: version(j),
        probability: weightToProbability(log.weight[k]!),
        reason: REASONS[log.code[k]!] ?? "below_threshold",
      });
    }
  }
  return out;
}

function mustLinkIndices(batch: NormalisedBatch, links: Iterable<{ readonly a: string; readonly b: string }> | undefined): [number, number][] {
  const out: [number, number][] = [];
  if (!links) return out;
  let index: Map<string, number> | null = null;
  for (const { a, b } of links) {
    if (index === null) {
      index = new Map();
      for (let i = 0; i < batch.size; i++) if (batch.status[i] === FULL) index.set(batch.keyOf(i), i);
    }
    const ia = index.get(a);
    const ib = index.get(b);
    if (ia !== undefined && ib !== undefined && ia !== ib) out.push([ia, ib]);
  }
  return out;
}

export const AMBIGUOUS_REASON = "contact shared by people with different first names; a record with no first name joins neither";

function possibleMatches(
  batch: NormalisedBatch,
  scorer: PairScorer,
  config: IdentityConfig,
  clusterOf: Int32Array,
  logs: readonly PairLog[],
  ambiguous: ReadonlyMap<number, readonly [number, number]>,
): PossibleMatch[] {
  const review = Math.log2(config.reviewThreshold / (1 - config.reviewThreshold));
  const levels = new Uint8Array(4);
  const weights = new Float32Array(4);
  const levelNames = [FIRST_LEVELS, LAST_LEVELS, EMAIL_LEVELS, PHONE_LEVELS] as const;
  const fieldNames: readonly Field[] = ["firstName", "lastName", "email", "phone"];
  const seen = new Set<string>();
  const out: PossibleMatch[] = [];
  const add = (kind: PossibleMatch["kind"], i: number, j: number, reason: string | null) => {
    const a = batch.keyOf(i);
    const b = batch.keyOf(j);
    const pair = a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`;
    if (seen.has(pair)) return;
    seen.add(pair);
    scorer.fieldEvidence(i, j, levels, weights, 0);
    const fields = fieldNames.map((field, f) => ({ field, level: levelNames[f]![levels[f]!] ?? "missing", weight: weights[f]! }));
    const total = scorer.score(i, j);
    const probability = weightToProbability(total);
    out.push({ kind, a, b, aVersion: evidenceVersionOf(batch, i), bVersion: evidenceVersionOf(batch, j), probability, reason, evidence: { a, b, fields, total, probability } });
  };
  for (const [r, [x, y]] of ambiguous) {
    add("ambiguous", r, x, AMBIGUOUS_REASON);
    add("ambiguous", r, y, AMBIGUOUS_REASON);
  }
  for (const log of logs) {
    for (let k = 0; k < log.length; k++) {
      if (log.code[k] !== REASON_BELOW_THRESHOLD || !(log.weight[k]! > review)) continue;
      const i = log.a[k]!;
      const j = log.b[k]!;
      if (clusterOf[i]! >= 0 && clusterOf[i] === clusterOf[j]) continue;
      add("score", i, j, null);
    }
  }
  return out;
}

/** Batch indices of the records of profile `c` (full and attached weak). */
export function profileRecords(resolution: BatchResolution, c: number): Int32Array {
  const { offsets, members } = resolution.clusters;
  return members.subarray(offsets[c] ?? 0, offsets[c + 1] ?? 0);
}

export interface FieldEvidence {
  readonly field: Field;
  readonly level: string;
  readonly weight: number;
}

export interface MergeEvidence {
  readonly a: string;
  readonly b: string;
  readonly fields: readonly FieldEvidence[];
  readonly total: number;
  readonly probability: number;
}

/** The evidence of the k-th merge of a resolution: why those two records joined. */
export function mergeEvidence(resolution: BatchResolution, k: number): MergeEvidence {
  const m = resolution.merges;
  const keyOf = resolution.batch.keyOf;
  const levelNames = [FIRST_LEVELS, LAST_LEVELS, EMAIL_LEVELS, PHONE_LEVELS] as const;
  const fieldNames: readonly Field[] = ["firstName", "lastName", "email", "phone"];
  const fields: FieldEvidence[] = [];
  for (let f = 0; f < 4; f++) {
    fields.push({
      field: fieldNames[f]!,
      level: levelNames[f]![m.levels[k * 4 + f]!] ?? "missing",
      weight: m.fieldWeights[k * 4 + f]!,
    });
  }
  const total = m.weight[k]!;
  return { a: keyOf(m.a[k]!), b: keyOf(m.b[k]!), fields, total, probability: weightToProbability(total) };
}
