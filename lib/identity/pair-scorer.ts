import type { Blocks } from "./block";
import { bucketSize } from "./block";
import { FIRST_LEVELS, LAST_LEVELS, compareFirstNames, compareLastNames, type NameFrequency } from "./compare";
import type { IdentityConfig } from "./config";
import type { NormalisedBatch } from "./normalise";
import { firstNameWeight, lastNameWeight, termFrequencyWeight } from "./score";

export const FIRST_DISAGREE = FIRST_LEVELS.indexOf("disagree");
const FIRST_TYPO = FIRST_LEVELS.indexOf("typo");
const FIRST_EXACT = FIRST_LEVELS.indexOf("exact");
const LAST_EXACT = LAST_LEVELS.indexOf("exact");
/** Level codes of contacts in merge evidence: index into CONTACT_LEVELS. */
const CONTACT_AGREE = 1;
const CONTACT_DISAGREE = 2;

/**
 * Scores pairs of batch records by index. Name comparisons are cached per pair of interned
 * ids; email and phone agreement weights are precomputed per value with the term-frequency
 * adjustment (a value's frequency is its bucket size).
 */
export class PairScorer {
  readonly emailAgree: Float64Array;
  readonly phoneAgree: Float64Array;
  private readonly firstWeights: Float64Array;
  private readonly lastWeights: Float64Array;
  private readonly firstCache = new Map<number, number>();
  private readonly lastCache = new Map<number, number>();
  private readonly frequency: NameFrequency;

  constructor(
    readonly batch: NormalisedBatch,
    blocks: Blocks,
    readonly config: IdentityConfig,
  ) {
    const tf = config.termFrequency;
    this.emailAgree = new Float64Array(batch.emails.size);
    for (let v = 0; v < this.emailAgree.length; v++) {
      this.emailAgree[v] = termFrequencyWeight(config.weights.email.agree, bucketSize(blocks.email, v), tf);
    }
    this.phoneAgree = new Float64Array(batch.phones.size);
    for (let v = 0; v < this.phoneAgree.length; v++) {
      this.phoneAgree[v] = termFrequencyWeight(config.weights.phone.agree, bucketSize(blocks.phone, v), tf);
    }
    this.firstWeights = Float64Array.from(FIRST_LEVELS, (l) => firstNameWeight(l, config));
    this.lastWeights = Float64Array.from(LAST_LEVELS, (l) => lastNameWeight(l, config));
    const counts = batch.firstNameCounts;
    const table = batch.firstNames;
    this.frequency = (key) => {
      const id = table.idOf(key);
      return id < 0 ? 0 : (counts[id] ?? 0);
    };
  }

  /** Level code (index into FIRST_LEVELS) of two first-name ids, both present. */
  firstLevel(fa: number, fb: number): number {
    if (fa === fb) return FIRST_EXACT;
    const lo = fa < fb ? fa : fb;
    const hi = fa < fb ? fb : fa;
    const key = lo * 67108864 + hi;
    let level = this.firstCache.get(key);
    if (level === undefined) {
      const names = this.batch.firstNames.values;
      level = FIRST_LEVELS.indexOf(compareFirstNames(names[lo] ?? null, names[hi] ?? null, this.config.firstNameGuard, this.frequency));
      this.firstCache.set(key, level);
    }
    return level;
  }

  lastLevel(la: number, lb: number): number {
    if (la === lb) return LAST_EXACT;
    const lo = la < lb ? la : lb;
    const hi = la < lb ? lb : la;
    const key = lo * 67108864 + hi;
    let level = this.lastCache.get(key);
    if (level === undefined) {
      const names = this.batch.lastNames.values;
      level = LAST_LEVELS.indexOf(compareLastNames(names[lo] ?? null, names[hi] ?? null));
      this.lastCache.set(key, level);
    }
    return level;
  }

  /** Can these two first-name ids belong to one person? */
  firstCompatible(fa: number, fb: number): boolean {
    return fa === fb || this.firstLevel(fa, fb) !== FIRST_DISAGREE;
  }

  /** Are these two first-name ids one edit apart (compare.ts `typo`)? */
  isTypo(fa: number, fb: number): boolean {
    return fa !== fb && this.firstLevel(fa, fb) === FIRST_TYPO;
  }

  /** Total weight of a pair (prior included). */
  score(i: number, j: number): number {
    const b = this.batch;
    const w = this.config.weights;
    let total = this.config.priorWeight;
    const fa = b.first[i]!;
    const fb = b.first[j]!;
    if (fa >= 0 && fb >= 0) total += this.firstWeights[this.firstLevel(fa, fb)]!;
    const la = b.last[i]!;
    const lb = b.last[j]!;
    if (la >= 0 && lb >= 0) total += this.lastWeights[this.lastLevel(la, lb)]!;
    const ea = b.email[i]!;
    const eb = b.email[j]!;
    if (ea >= 0 && eb >= 0) total += ea === eb ? this.emailAgree[ea]! : w.email.disagree;
    const pa = b.phone[i]!;
    const pb = b.phone[j]!;
    if (pa >= 0 && pb >= 0) total += pa === pb ? this.phoneAgree[pa]! : w.phone.disagree;
    return total;
  }

  /**
   * Per-field levels and weights of a pair, written at `offset` into `levels` and
   * `weights` (order: first name, last name, email, phone; level 0 = missing).
   */
  fieldEvidence(i: number, j: number, levels: Uint8Array, weights: Float32Array, offset: number): void {
    const b = this.batch;
    const w = this.config.weights;
    const fa = b.first[i]!;
    const fb = b.first[j]!;
    const fl = fa >= 0 && fb >= 0 ? this.firstLevel(fa, fb) : 0;
    levels[offset] = fl;
    weights[offset] = this.firstWeights[fl]!;
    const la = b.last[i]!;
    const lb = b.last[j]!;
    const ll = la >= 0 && lb >= 0 ? this.lastLevel(la, lb) : 0;
    levels[offset + 1] = ll;
    weights[offset + 1] = this.lastWeights[ll]!;
    const ea = b.email[i]!;
    const eb = b.email[j]!;
    const el = ea >= 0 && eb >= 0 ? (ea === eb ? CONTACT_AGREE : CONTACT_DISAGREE) : 0;
    levels[offset + 2] = el;
    weights[offset + 2] = el === CONTACT_AGREE ? this.emailAgree[ea]! : el === CONTACT_DISAGREE ? w.email.disagree : 0;
    const pa = b.phone[i]!;
    const pb = b.phone[j]!;
    const pl = pa >= 0 && pb >= 0 ? (pa === pb ? CONTACT_AGREE : CONTACT_DISAGREE) : 0;
    levels[offset + 3] = pl;
    weights[offset + 3] = pl === CONTACT_AGREE ? this.phoneAgree[pa]! : pl === CONTACT_DISAGREE ? w.phone.disagree : 0;
  }
}
