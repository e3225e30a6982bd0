import type { Blocks } from "./block";
import { EMAIL_LEVELS, FIRST_LEVELS, LAST_LEVELS, PHONE_LEVELS } from "./compare";
import { thresholdWeight, type IdentityConfig } from "./config";
import { FULL, type NormalisedBatch } from "./normalise";
import type { PairScorer } from "./pair-scorer";

/**
 * Weights learned from the data, as Splink estimates them:
 * - u (chance a level holds for two different people) from random pairs of full records;
 * - m (chance it holds for one person) by expectation maximisation over the blocked pairs
 *   (records sharing an email or phone), starting from the seed weights (m = u · 2^w);
 *   u stays fixed, as Splink does, since random pairs are almost all non-matches.
 * The learned weight of a level is log2(m / u). Product rules bound the result: a near miss
 * on a contact stays far below an exact match and a phone one digit off never merges on
 * its own; the blocked field (the shared contact) is what blocking chose, so its exact
 * level keeps the seed weight. Levels seen too rarely to estimate keep the seed weight.
 */
export interface LearnedWeights {
  readonly weights: IdentityConfig["weights"];
  readonly iterations: number;
  readonly blockedPairs: number;
  readonly randomPairs: number;
  /** Estimated share of blocked pairs that are one person. */
  readonly matchShare: number;
  /** Per field and level: m, u and the weight used. */
  readonly levels: readonly { readonly field: string; readonly level: string; readonly m: number; readonly u: number; readonly weight: number; readonly seed: number }[];
}

const FIELD_LEVELS = [FIRST_LEVELS, LAST_LEVELS, EMAIL_LEVELS, PHONE_LEVELS] as const;
const FIELD_NAMES = ["firstName", "lastName", "email", "phone"] as const;
/** Fewer pairs than this at a level (weighted by match probability): keep the seed. */
const MIN_EVIDENCE = 20;

export interface EmOptions {
  readonly maxBlockedPairs?: number;
  readonly randomPairs?: number;
  readonly iterations?: number;
  /** Seed of the pseudo-random sampler (runs are reproducible). */
  readonly seed?: number;
}

export function learnWeights(batch: NormalisedBatch, blocks: Blocks, scorer: PairScorer, config: IdentityConfig, options: EmOptions = {}): LearnedWeights {
  const maxBlocked = options.maxBlockedPairs ?? 300_000;
  const randomCount = options.randomPairs ?? 200_000;
  const iterations = options.iterations ?? 20;
  let state = options.seed ?? 0x9e3779b9;
  const random = () => {
    // xorshift32
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };

  const blocked = blockedLevels(batch, blocks, scorer, config.blocking.maxPairwiseBucket, maxBlocked);
  const nBlocked = blocked.length / 4;

  // u from random pairs of full records
  const full: number[] = [];
  for (let i = 0; i < batch.size; i++) if (batch.status[i] === FULL) full.push(i);
  const u = FIELD_LEVELS.map((levels) => new Float64Array(levels.length));
  const pairLevels = new Uint8Array(4);
  let randomPairs = 0;
  for (let k = 0; k < randomCount && full.length > 1; k++) {
    const i = full[Math.floor(random() * full.length)]!;
    const j = full[Math.floor(random() * full.length)]!;
    if (i === j) continue;
    scorer.writeLevels(i, j, pairLevels, 0);
    for (let f = 0; f < 4; f++) if (pairLevels[f]! > 0) u[f]![pairLevels[f]!]!++;
    randomPairs++;
  }
  for (const dist of u) normalise(dist);

  // m from the seed weights, then EM
  const seedWeight = (f: number, l: number) => weightOf(config.weights, f, FIELD_LEVELS[f]![l]!);
  const m = FIELD_LEVELS.map((levels, f) => {
    const dist = Float64Array.from(levels, (_, l) => (l === 0 ? 0 : u[f]![l]! * 2 ** seedWeight(f, l)));
    normalise(dist);
    return dist;
  });
  const threshold = thresholdWeight(config);
  let lambda = 0;
  for (let p = 0; p < nBlocked; p++) {
    let w = 0;
    for (let f = 0; f < 4; f++) {
      const l = blocked[p * 4 + f]!;
      if (l > 0) w += seedWeight(f, l);
    }
    if (w > threshold) lambda++;
  }
  lambda = Math.min(0.99, Math.max(0.01, lambda / Math.max(1, nBlocked)));

  const mass = FIELD_LEVELS.map((levels) => new Float64Array(levels.length));
  let done = 0;
  for (let it = 0; it < iterations && nBlocked > 0; it++) {
    for (const dist of mass) dist.fill(0);
    let total = 0;
    for (let p = 0; p < nBlocked; p++) {
      let pm = lambda;
      let pu = 1 - lambda;
      for (let f = 0; f < 4; f++) {
        const l = blocked[p * 4 + f]!;
        if (l === 0) continue;
        pm *= m[f]![l]!;
        pu *= u[f]![l]! || 1e-9;
      }
      const posterior = pm + pu > 0 ? pm / (pm + pu) : 0;
      total += posterior;
      for (let f = 0; f < 4; f++) {
        const l = blocked[p * 4 + f]!;
        if (l > 0) mass[f]![l]! += posterior;
      }
    }
    for (let f = 0; f < 4; f++) {
      const dist = Float64Array.from(mass[f]!);
      normalise(dist);
      m[f] = dist;
    }
    lambda = Math.min(0.999, Math.max(0.001, total / nBlocked));
    done++;
  }

  const levels: { field: string; level: string; m: number; u: number; weight: number; seed: number }[] = [];
  const learned = FIELD_LEVELS.map((names, f) => {
    const out: Record<string, number> = {};
    for (let l = 1; l < names.length; l++) {
      const name = names[l]!;
      const seed = seedWeight(f, l);
      const mf = m[f]![l]!;
      const uf = u[f]![l]!;
      let weight = seed;
      const enough = mass[f]![l]! >= MIN_EVIDENCE && uf > 0 && mf > 0;
      if (enough && !(name === "agree" && f >= 2)) weight = Math.log2(mf / uf);
      weight = bounded(f, name, weight, config);
      out[name] = weight;
      levels.push({ field: FIELD_NAMES[f]!, level: name, m: mf, u: uf, weight, seed });
    }
    return out;
  });
  const weights = {
    firstName: learned[0] as unknown as IdentityConfig["weights"]["firstName"],
    lastName: learned[1] as unknown as IdentityConfig["weights"]["lastName"],
    email: learned[2] as unknown as IdentityConfig["weights"]["email"],
    phone: learned[3] as unknown as IdentityConfig["weights"]["phone"],
  };
  return { weights, iterations: done, blockedPairs: nBlocked, randomPairs, matchShare: lambda, levels };
}

function weightOf(weights: IdentityConfig["weights"], f: number, level: string): number {
  const table = [weights.firstName, weights.lastName, weights.email, weights.phone][f] as unknown as Record<string, number>;
  return table[level] ?? 0;
}

/** The product's rules on a learned weight (see the note at the top). */
function bounded(f: number, level: string, weight: number, config: IdentityConfig): number {
  const w = Math.max(-12, Math.min(14, weight));
  const threshold = thresholdWeight(config);
  if (f === 2 && (level === "one_edit" || level === "domain_typo")) return Math.min(w, config.weights.email.agree / 2);
  if (f === 3 && level === "one_digit") return Math.min(w, threshold / 3);
  if (level === "disagree") return Math.min(w, 0);
  if (level === "initial") return Math.min(w, 1);
  return w;
}

/** Makes levels 1.. a distribution (level 0, missing, is no evidence and stays out). */
function normalise(dist: Float64Array): void {
  let sum = 0;
  for (let l = 1; l < dist.length; l++) sum += dist[l]!;
  if (sum <= 0) return;
  for (let l = 1; l < dist.length; l++) dist[l] = dist[l]! / sum;
}

/** Level codes of up to `max` blocked pairs (pairs inside small email and phone buckets). */
function blockedLevels(batch: NormalisedBatch, blocks: Blocks, scorer: PairScorer, maxBucket: number, max: number): Uint8Array {
  const out = new Uint8Array(max * 4);
  let n = 0;
  for (const buckets of [blocks.email, blocks.phone]) {
    const values = buckets.offsets.length - 1;
    for (let v = 0; v < values && n < max; v++) {
      const start = buckets.offsets[v]!;
      const end = buckets.offsets[v + 1]!;
      if (end - start < 2 || end - start > maxBucket) continue;
      for (let x = start; x < end && n < max; x++) {
        for (let y = x + 1; y < end && n < max; y++) {
          scorer.writeLevels(buckets.members[x]!, buckets.members[y]!, out, n * 4);
          n++;
        }
      }
    }
  }
  return out.subarray(0, n * 4);
}
