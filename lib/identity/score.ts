import type { FieldWeights, IdentityConfig, TermFrequencyConfig } from "./config";
import type { ContactLevel, FirstNameLevel, LastNameLevel } from "./compare";

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

export function contactWeight(weights: FieldWeights, level: ContactLevel, count: number, tf: TermFrequencyConfig): number {
  if (level === "agree") return termFrequencyWeight(weights.agree, count, tf);
  if (level === "disagree") return weights.disagree;
  return 0;
}

export function firstNameWeight(level: FirstNameLevel, config: IdentityConfig): number {
  const w = config.weights.firstName;
  switch (level) {
    case "exact":
      return w.agree;
    case "nickname":
      return w.nickname;
    case "typo":
      return w.typo;
    case "nickname_typo":
      return w.nicknameTypo;
    case "initial":
      return w.initial;
    case "disagree":
      return w.disagree;
    case "missing":
      return 0;
  }
}

export function lastNameWeight(level: LastNameLevel, config: IdentityConfig): number {
  const w = config.weights.lastName;
  switch (level) {
    case "exact":
      return w.agree;
    case "typo":
      return w.typo;
    case "disagree":
      return w.disagree;
    case "missing":
      return 0;
  }
}
