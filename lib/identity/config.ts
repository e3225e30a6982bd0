import type { EmailLevel, FirstNameLevel, LastNameLevel, PhoneLevel } from "./compare";

/**
 * Tunable knobs of the identity engine, with the product's defaults.
 *
 * Weights are Fellegi–Sunter log2 Bayes factors: log2(m/u) when a field agrees and
 * log2((1-m)/(1-u)) when it disagrees. A field missing on either side adds 0. The sum of
 * the weights (plus `priorWeight`) goes through a base-2 logistic, p = 1 / (1 + 2^-w), so
 * the default threshold 0.99 means a total above log2(99) ≈ 6.63.
 */
/** A weight per comparison level of one field (compare.ts); `missing` always adds 0. */
export type LevelWeights<L extends string> = { readonly [K in Exclude<L, "missing">]: number };

export type FirstNameWeights = LevelWeights<FirstNameLevel>;
export type LastNameWeights = LevelWeights<LastNameLevel>;
export type EmailWeights = LevelWeights<EmailLevel>;
export type PhoneWeights = LevelWeights<PhoneLevel>;

export interface TermFrequencyConfig {
  /**
   * A contact value carried by at most this many records keeps its full agreement weight.
   * One person rarely has more records than this under one email or phone.
   */
  readonly baseline: number;
  /** Agreement weight never drops below this, however common the value. */
  readonly floor: number;
}

export interface BlockingConfig {
  /**
   * Buckets (records sharing one email or one phone) up to this size are compared pair by
   * pair. Larger ones are sub-blocked by exact name key and each record is compared with
   * at most `maxComponentsPerSubBlock` distinct components already seen in its sub-block.
   */
  readonly maxPairwiseBucket: number;
  readonly maxComponentsPerSubBlock: number;
  /**
   * Also compare records with the same first and last name that share no contact value
   * (up to `maxPairwiseBucket` per name): such a pair merges only when a contact nearly
   * agrees (an email one edit off or with a domain typo, a phone one digit off) and none
   * disagrees, so names alone (John Smith) never merge. A name carried by more than
   * `maxNameKeyGroup` records is too common to compare this way (and would cost pairs
   * quadratic in it).
   */
  readonly nameKeys: boolean;
  readonly maxNameKeyGroup: number;
}

export interface FirstNameGuardConfig {
  /**
   * Two different spellings are a typo only if at most one of them is an established name:
   * one from the built-in list, or one seen on at least `minCount` records and on at least
   * `ratio` times as many records as the other spelling.
   */
  readonly minCount: number;
  readonly ratio: number;
  /** Maximum distinct first names remembered per cluster for the conflict check. */
  readonly maxNamesPerCluster: number;
}

export interface LearningConfig {
  /**
   * Learn m (and u from random pairs) by expectation maximisation before scoring (em.ts);
   * false freezes the weights at the configured (seed) ones.
   */
  readonly enabled: boolean;
  readonly iterations: number;
  /** Blocked pairs and random pairs sampled for the estimate (bounds its cost). */
  readonly maxBlockedPairs: number;
  readonly randomPairs: number;
}

export interface IdentityConfig {
  /** ISO region used to read national phone numbers ("0412 345 678" → +61412345678). */
  readonly defaultRegion: string;
  /** What counts as a usable phone number (phone.ts): "possible" (right length) or "valid". */
  readonly phoneValidity: "possible" | "valid";
  readonly weights: {
    readonly phone: PhoneWeights;
    readonly email: EmailWeights;
    readonly lastName: LastNameWeights;
    readonly firstName: FirstNameWeights;
  };
  /** log2 prior odds added to every pair; 0 keeps "sum → logistic" as specified. */
  readonly priorWeight: number;
  /** Merge only when the match probability is strictly above this. */
  readonly threshold: number;
  /**
   * Pairs scored above this and at most `threshold` (and not merged) are possible matches,
   * written for ops to review with their evidence.
   */
  readonly reviewThreshold: number;
  readonly termFrequency: TermFrequencyConfig;
  readonly blocking: BlockingConfig;
  readonly firstNameGuard: FirstNameGuardConfig;
  readonly learning: LearningConfig;
}

export const DEFAULT_CONFIG: IdentityConfig = {
  defaultRegion: "AU",
  phoneValidity: "possible",
  weights: {
    // a near miss on a contact is weak evidence: a shared inbox typed twice, never enough alone
    phone: { agree: 10.81, one_digit: 1.5, disagree: -4.32 },
    email: { agree: 10.81, one_edit: 3.0, domain_typo: 4.0, disagree: -4.32 },
    lastName: { exact: 10.64, jaro_winkler_92: 7.5, typo: 7.0, jaro_winkler_88: 5.5, two_edits: 4.5, reordered: 5.0, initial: 0, swapped: 6.0, disagree: -4.32 },
    firstName: {
      exact: 6.12,
      nickname: 5.0,
      jaro_winkler_92: 4.5,
      typo: 4.0,
      jaro_winkler_88: 3.0,
      two_edits: 2.5,
      reordered: 3.0,
      nickname_typo: 3.0,
      initial: 0,
      swapped: 4.0,
      disagree: -3.25,
    },
  },
  priorWeight: 0,
  threshold: 0.99,
  reviewThreshold: 0.5,
  termFrequency: { baseline: 16, floor: 0 },
  blocking: { maxPairwiseBucket: 64, maxComponentsPerSubBlock: 16, nameKeys: true, maxNameKeyGroup: 12 },
  firstNameGuard: { minCount: 2, ratio: 0.2, maxNamesPerCluster: 8 },
  learning: { enabled: false, iterations: 20, maxBlockedPairs: 300_000, randomPairs: 50_000 },
};

/** Deep partial of the config, for callers that override a few knobs. */
export type IdentityConfigOverrides = {
  readonly [K in keyof IdentityConfig]?: IdentityConfig[K] extends object
    ? { readonly [P in keyof IdentityConfig[K]]?: IdentityConfig[K][P] extends object ? Partial<IdentityConfig[K][P]> : IdentityConfig[K][P] }
    : IdentityConfig[K];
};

export function resolveConfig(overrides: IdentityConfigOverrides = {}): IdentityConfig {
  const d = DEFAULT_CONFIG;
  const w = overrides.weights ?? {};
  return {
    defaultRegion: overrides.defaultRegion ?? d.defaultRegion,
    phoneValidity: overrides.phoneValidity ?? d.phoneValidity,
    weights: {
      phone: { ...d.weights.phone, ...w.phone },
      email: { ...d.weights.email, ...w.email },
      lastName: { ...d.weights.lastName, ...w.lastName },
      firstName: { ...d.weights.firstName, ...w.firstName },
    },
    priorWeight: overrides.priorWeight ?? d.priorWeight,
    threshold: overrides.threshold ?? d.threshold,
    reviewThreshold: overrides.reviewThreshold ?? d.reviewThreshold,
    termFrequency: { ...d.termFrequency, ...overrides.termFrequency },
    blocking: { ...d.blocking, ...overrides.blocking },
    firstNameGuard: { ...d.firstNameGuard, ...overrides.firstNameGuard },
    learning: { ...d.learning, ...overrides.learning },
  };
}

/** Total weight above which a pair merges: the logit (base 2) of the threshold. */
export function thresholdWeight(config: IdentityConfig): number {
  const p = config.threshold;
  return Math.log2(p / (1 - p));
}

export function weightToProbability(weight: number): number {
  return 1 / (1 + Math.pow(2, -weight));
}
