import type { EmailLevel, FirstNameLevel, LastNameLevel, PhoneLevel } from "./compare";
import type { IdentityConfig, TermFrequencyConfig } from "./config";

/**
 * Fellegi–Sunter weights per comparison level (log2 Bayes factors, see config.ts).
 *
 * Term-frequency adjustment for emails and phones: the configured agreement weight assumes
 * a value belongs to one person. A value carried by `count` records, more than the
 * baseline, is that much weaker evidence: the weight drops by log2(count / baseline),
 * never below the floor. An internal account's email on 50,000 orders is worth ~0 bits;
 * a couple's shared inbox on 8 records keeps its full weight (the first-name veto guards it).
 */
export function termFrequencyWeight(agree: number, count: number, tf: TermFrequencyConfig): number {
  if (count <= tf.baseline) return agree;
  return Math.max(tf.floor, agree - Math.log2(count / tf.baseline));
}

/**
 * Term-frequency adjustment for an exact surname, as Splink does it: the level's weight
 * assumes the average chance two random records share a surname (`averageShare`, Σ p²);
 * a surname carried by a larger share `share` of records is that much weaker evidence
 * (Smith weighs less than Hodgson). Never raised above the level's weight, never below 0.
 */
export function nameFrequencyWeight(exact: number, share: number, averageShare: number): number {
  if (!(share > averageShare) || averageShare <= 0) return exact;
  return Math.max(0, exact - Math.log2(share / averageShare));
}

export function emailWeight(level: EmailLevel, count: number, config: IdentityConfig): number {
  if (level === "missing") return 0;
  const w = config.weights.email;
  return level === "agree" ? termFrequencyWeight(w.agree, count, config.termFrequency) : w[level];
}

export function phoneWeight(level: PhoneLevel, count: number, config: IdentityConfig): number {
  if (level === "missing") return 0;
  const w = config.weights.phone;
  return level === "agree" ? termFrequencyWeight(w.agree, count, config.termFrequency) : w[level];
}

export function firstNameWeight(level: FirstNameLevel, config: IdentityConfig): number {
  return level === "missing" ? 0 : config.weights.firstName[level];
}

export function lastNameWeight(level: LastNameLevel, config: IdentityConfig): number {
  return level === "missing" ? 0 : config.weights.lastName[level];
}
