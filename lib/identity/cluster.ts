import type { Blocks, Buckets } from "./block";
import { REASON_BELOW_THRESHOLD, REASON_BOOKING, REASON_FIRST_NAME, type ScoredCandidates } from "./candidates";
import type { IdentityConfig } from "./config";
import { thresholdWeight } from "./config";
import { BOOKING_CONFLICT, ComponentConstraints, UNION_OK } from "./constraints";
import type { NormalisedBatch } from "./normalise";
import type { PairScorer } from "./pair-scorer";
import { MergeLog, PairLog } from "./pair-log";
import type { BatchRejections } from "./rejections";
import { UnionFind } from "./union-find";

export interface Clustering {
  readonly uf: UnionFind;
  /** Every union, with the per-field evidence of the pair that caused it. */
  readonly merges: MergeLog;
  /** Pairs blocked by a constraint, and big-bucket pairs below the threshold. */
  readonly rejected: PairLog;
  readonly bigBucketComparisons: number;
  /**
   * Records with no first name that matched people who cannot be one person (different
   * first names): record → two of the records it matched, one of each. They join no one.
   */
  readonly ambiguous: ReadonlyMap<number, readonly [number, number]>;
}

/**
 * Union-find clustering. Accepted small-bucket pairs are applied strongest first; a pair
 * already in one component is skipped; every union checks the component constraints
 * (constraints.ts). Big buckets (one contact shared by many records, e.g. an internal
 * account) are then sub-blocked by exact (first, last) name key; inside a sub-block each
 * record is compared with at most `maxComponentsPerSubBlock` distinct components, so the
 * cost stays linear in the bucket size. Records in a big bucket with no name are not
 * compared there: the crowded contact is their only shared evidence.
 *
 * Must-links (pairs ops confirmed) are joined before anything else. Ambiguity is not a match: pairs between records that both carry a first name are
 * applied first; then a record with no first name (a surname only, or nothing) that
 * matched two components holding incompatible first names (a couple's inbox: Karen Smith
 * and Albert Smith) joins neither, and waits as ambiguous.
 */
export function clusterBatch(
  batch: NormalisedBatch,
  blocks: Blocks,
  scorer: PairScorer,
  scored: ScoredCandidates,
  rejections: BatchRejections,
  config: IdentityConfig,
  mustLinks: readonly (readonly [number, number])[] = [],
): Clustering {
  const uf = new UnionFind(batch.size);
  const constraints = new ComponentConstraints(batch, scorer, config.firstNameGuard.maxNamesPerCluster);
  const merges = new MergeLog(Math.max(1024, scored.accepted.length));
  const rejected = new PairLog(1024);

  const ambiguous = new Map<number, readonly [number, number]>();
  const tryUnion = (i: number, j: number, w: number): boolean => {
    if (ambiguous.has(i) || ambiguous.has(j)) return false;
    const ri = uf.find(i);
    const rj = uf.find(j);
    if (ri === rj) return true;
    const verdict = constraints.check(ri, rj);
    if (verdict !== UNION_OK) {
      rejected.push(i, j, w, verdict === BOOKING_CONFLICT ? REASON_BOOKING : REASON_FIRST_NAME);
      return false;
    }
    const survivor = uf.unionRoots(ri, rj);
    constraints.merged(survivor, survivor === ri ? rj : ri);
    merges.push(i, j, w, 0);
    scorer.fieldEvidence(i, j, merges.levels, merges.fieldWeights, merges.reserveEvidence());
    return true;
  };

  // pairs a person confirmed are one person, whatever the score: joined first
  const linked = new Set<number>();
  for (const [i, j] of mustLinks) {
    linked.add(i);
    linked.add(j);
    const ri = uf.find(i);
    const rj = uf.find(j);
    if (ri === rj) continue;
    const survivor = uf.unionRoots(ri, rj);
    constraints.merged(survivor, survivor === ri ? rj : ri);
    merges.push(i, j, scorer.score(i, j), 0);
    scorer.fieldEvidence(i, j, merges.levels, merges.fieldWeights, merges.reserveEvidence());
  }

  const accepted = scored.accepted;
  const order = strongestFirst(accepted);
  const named = (i: number) => batch.first[i]! >= 0;
  for (const k of order) {
    const i = accepted.a[k]!;
    const j = accepted.b[k]!;
    if (!named(i) || !named(j) || uf.find(i) === uf.find(j)) continue;
    tryUnion(i, j, accepted.weight[k]!);
  }
  findAmbiguous(accepted, named, uf, constraints, ambiguous);
  for (const i of linked) ambiguous.delete(i);
  for (const k of order) {
    const i = accepted.a[k]!;
    const j = accepted.b[k]!;
    if ((named(i) && named(j)) || uf.find(i) === uf.find(j)) continue;
    tryUnion(i, j, accepted.weight[k]!);
  }

  const threshold = thresholdWeight(config);
  const cap = config.blocking.maxComponentsPerSubBlock;
  let bigBucketComparisons = 0;
  const subBlock = (buckets: Buckets) => {
    const values = buckets.offsets.length - 1;
    for (let v = 0; v < values; v++) {
      const start = buckets.offsets[v]!;
      const end = buckets.offsets[v + 1]!;
      if (end - start <= config.blocking.maxPairwiseBucket) continue;
      const groups = new Map<number, number[]>();
      for (let x = start; x < end; x++) {
        const i = buckets.members[x]!;
        const f = batch.first[i]!;
        const l = batch.last[i]!;
        if (f < 0 && l < 0) continue;
        const key = (f + 1) * 67108864 + (l + 1);
        const group = groups.get(key);
        if (group) group.push(i);
        else groups.set(key, [i]);
      }
      for (const group of groups.values()) {
        if (group.length < 2) continue;
        const reps: number[] = [];
        for (const i of group) {
          let joined = false;
          for (const rep of reps) {
            if (uf.find(rep) === uf.find(i)) {
              joined = true;
              continue;
            }
            if (rejections.skips(i, rep)) continue;
            bigBucketComparisons++;
            const w = scorer.score(i, rep);
            if (w > threshold) {
              if (tryUnion(i, rep, w)) joined = true;
            } else rejected.push(i, rep, w, REASON_BELOW_THRESHOLD);
          }
          if (!joined && reps.length < cap) reps.push(i);
        }
      }
    }
  };
  subBlock(blocks.email);
  subBlock(blocks.phone);

  return { uf, merges, rejected, bigBucketComparisons, ambiguous };
}

/** Nameless records whose accepted partners lie in components that cannot be one person. */
function findAmbiguous(accepted: PairLog, named: (i: number) => boolean, uf: UnionFind, constraints: ComponentConstraints, out: Map<number, readonly [number, number]>): void {
  const partners = new Map<number, number[]>();
  const add = (r: number, p: number) => {
    const list = partners.get(r);
    if (list) list.push(p);
    else partners.set(r, [p]);
  };
  for (let k = 0; k < accepted.length; k++) {
    const i = accepted.a[k]!;
    const j = accepted.b[k]!;
    if (!named(i) && named(j)) add(i, j);
    else if (named(i) && !named(j)) add(j, i);
  }
  for (const [r, list] of partners) {
    if (list.length < 2) continue;
    search: for (let x = 0; x < list.length; x++) {
      const rx = uf.find(list[x]!);
      for (let y = x + 1; y < list.length; y++) {
        const ry = uf.find(list[y]!);
        // two people who cannot be one: different first names, or the two sides of a booking
        if (rx !== ry && constraints.check(rx, ry) !== UNION_OK) {
          out.set(r, [list[x]!, list[y]!]);
          break search;
        }
      }
    }
  }
}

/**
 * Indices of a pair log, strongest weight first, ties in log order. Weights are quantised
 * to 1/1024 bit and packed with the index into one float so a native numeric sort does it.
 */
function strongestFirst(log: PairLog): Int32Array {
  const n = log.length;
  const packed = new Float64Array(n);
  const INDEX_SPAN = 2 ** 26;
  for (let k = 0; k < n; k++) {
    const q = Math.max(0, Math.min(2 ** 26 - 1, Math.round((256 - log.weight[k]!) * 1024)));
    packed[k] = q * INDEX_SPAN + k;
  }
  packed.sort();
  const order = new Int32Array(n);
  for (let k = 0; k < n; k++) order[k] = packed[k]! % INDEX_SPAN;
  return order;
}
