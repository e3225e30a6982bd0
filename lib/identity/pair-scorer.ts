import type { Blocks } from "./block";
import { bucketSize } from "./block";
import {
  EMAIL_LEVELS,
  FIRST_LEVELS,
  LAST_LEVELS,
  PHONE_LEVELS,
  compareEmails,
  compareFirstNames,
  compareLastNames,
  compareNames,
  comparePhones,
  isMisspelling,
  type NameFrequency,
} from "./compare";
import type { IdentityConfig } from "./config";
import type { NormalisedBatch } from "./normalise";
import { emailWeight, firstNameWeight, lastNameWeight, nameFrequencyWeight, phoneWeight, termFrequencyWeight } from "./score";

export const FIRST_DISAGREE = FIRST_LEVELS.indexOf("disagree");
const FIRST_EXACT = FIRST_LEVELS.indexOf("exact");
const FIRST_MISSING = 0;
const FIRST_SWAPPED = FIRST_LEVELS.indexOf("swapped");
const LAST_EXACT = LAST_LEVELS.indexOf("exact");
const LAST_DISAGREE = LAST_LEVELS.indexOf("disagree");
const LAST_SWAPPED = LAST_LEVELS.indexOf("swapped");
const EMAIL_AGREE = EMAIL_LEVELS.indexOf("agree");
const PHONE_AGREE = PHONE_LEVELS.indexOf("agree");
const PAIR_SPAN = 67108864;

/**
 * Scores pairs of batch records by index. Name comparisons are cached per pair of interned
 * ids; email and phone agreement weights are precomputed per value with the term-frequency
 * adjustment (a value's frequency is its bucket size), exact surnames per surname.
 */
export class PairScorer {
  readonly emailAgree: Float64Array;
  readonly phoneAgree: Float64Array;
  private readonly lastExact: Float64Array;
  private readonly firstWeights: Float64Array;
  private readonly lastWeights: Float64Array;
  private readonly emailWeights: Float64Array;
  private readonly phoneWeights: Float64Array;
  private readonly firstCache = new Map<number, number>();
  private readonly lastCache = new Map<number, number>();
  /** Packed (first level, last level) of a pair of names tried the other way round. */
  private readonly swapCache = new Map<string, number>();
  private readonly frequency: NameFrequency;
  /** Level codes of the last `levels` call: first, last, email, phone. */
  private readonly out = new Uint8Array(4);

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
    this.emailWeights = Float64Array.from(EMAIL_LEVELS, (l) => emailWeight(l, 1, config));
    this.phoneWeights = Float64Array.from(PHONE_LEVELS, (l) => phoneWeight(l, 1, config));
    this.lastExact = surnameWeights(batch, config.weights.lastName.exact);
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
    const key = lo * PAIR_SPAN + hi;
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
    const key = lo * PAIR_SPAN + hi;
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

  /** Are these two first-name ids one name misspelt (compare.ts `isMisspelling`)? */
  isTypo(fa: number, fb: number): boolean {
    return fa !== fb && isMisspelling(FIRST_LEVELS[this.firstLevel(fa, fb)] ?? "disagree");
  }

  /** Were the names of this pair written the other way round (compare.ts `swapped`)? */
  swapped(i: number, j: number): boolean {
    this.levels(i, j);
    return this.out[0] === FIRST_SWAPPED || this.out[1] === LAST_SWAPPED;
  }

  /** Writes the four level codes of a pair into `this.out`. */
  private levels(i: number, j: number): void {
    const b = this.batch;
    const fa = b.first[i]!;
    const fb = b.first[j]!;
    const la = b.last[i]!;
    const lb = b.last[j]!;
    let fl = fa >= 0 && fb >= 0 ? this.firstLevel(fa, fb) : FIRST_MISSING;
    let ll = la >= 0 && lb >= 0 ? this.lastLevel(la, lb) : 0;
    if ((fl === FIRST_DISAGREE || fl === FIRST_MISSING) && (ll === LAST_DISAGREE || ll === 0) && (fa >= 0 || la >= 0) && (fb >= 0 || lb >= 0)) {
      const packed = this.swapLevels(fa, la, fb, lb);
      if (packed >= 0) {
        fl = packed >> 4;
        ll = packed & 15;
      }
    }
    this.out[0] = fl;
    this.out[1] = ll;
    const ea = b.email[i]!;
    const eb = b.email[j]!;
    this.out[2] = ea < 0 || eb < 0 ? 0 : ea === eb ? EMAIL_AGREE : EMAIL_LEVELS.indexOf(compareEmails(b.emails.value(ea), b.emails.value(eb)));
    const pa = b.phone[i]!;
    const pb = b.phone[j]!;
    this.out[3] = pa < 0 || pb < 0 ? 0 : pa === pb ? PHONE_AGREE : PHONE_LEVELS.indexOf(comparePhones(b.phones.value(pa), b.phones.value(pb)));
  }

  /** compareNames on interned ids when the straight comparison failed: packed levels, or -1. */
  private swapLevels(fa: number, la: number, fb: number, lb: number): number {
    const key = `${fa},${la},${fb},${lb}`;
    let packed = this.swapCache.get(key);
    if (packed === undefined) {
      const b = this.batch;
      const levels = compareNames(
        { first: b.firstNames.value(fa), last: b.lastNames.value(la) },
        { first: b.firstNames.value(fb), last: b.lastNames.value(lb) },
        this.config.firstNameGuard,
        this.frequency,
      );
      packed = levels.first === "swapped" || levels.last === "swapped" ? (FIRST_LEVELS.indexOf(levels.first) << 4) | LAST_LEVELS.indexOf(levels.last) : -1;
      this.swapCache.set(key, packed);
    }
    return packed;
  }

  private fieldWeight(f: number, i: number): number {
    const level = this.out[f]!;
    switch (f) {
      case 0:
        return this.firstWeights[level]!;
      case 1:
        return level === LAST_EXACT ? this.lastExact[this.batch.last[i]!]! : this.lastWeights[level]!;
      case 2:
        return level === EMAIL_AGREE ? this.emailAgree[this.batch.email[i]!]! : this.emailWeights[level]!;
      default:
        return level === PHONE_AGREE ? this.phoneAgree[this.batch.phone[i]!]! : this.phoneWeights[level]!;
    }
  }

  /** Total weight of a pair (prior included). */
  score(i: number, j: number): number {
    this.levels(i, j);
    return this.config.priorWeight + this.fieldWeight(0, i) + this.fieldWeight(1, i) + this.fieldWeight(2, i) + this.fieldWeight(3, i);
  }

  /** The four level codes of a pair (first, last, email, phone; 0 = missing) at `offset`. */
  writeLevels(i: number, j: number, out: Uint8Array, offset: number): void {
    this.levels(i, j);
    out[offset] = this.out[0]!;
    out[offset + 1] = this.out[1]!;
    out[offset + 2] = this.out[2]!;
    out[offset + 3] = this.out[3]!;
  }

  /**
   * Per-field levels and weights of a pair, written at `offset` into `levels` and
   * `weights` (order: first name, last name, email, phone; level 0 = missing).
   */
  fieldEvidence(i: number, j: number, levels: Uint8Array, weights: Float32Array, offset: number): void {
    this.levels(i, j);
    for (let f = 0; f < 4; f++) {
      levels[offset + f] = this.out[f]!;
      weights[offset + f] = this.fieldWeight(f, i);
    }
  }
}

/** Exact-surname weight per last-name id, term-frequency adjusted (score.ts). */
function surnameWeights(batch: NormalisedBatch, exact: number): Float64Array {
  const counts = new Float64Array(batch.lastNames.size);
  let total = 0;
  for (let i = 0; i < batch.size; i++) {
    const l = batch.last[i]!;
    if (l >= 0) {
      counts[l]!++;
      total++;
    }
  }
  let average = 0;
  for (let l = 0; l < counts.length; l++) average += (counts[l]! / total) ** 2;
  return Float64Array.from(counts, (c) => nameFrequencyWeight(exact, c / total, average));
}
