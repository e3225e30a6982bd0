import { compareEmails, compareNames, comparePhones, firstNamesCompatible, type NameFrequency } from "./compare";
import { DEFAULT_CONFIG, type IdentityConfig, thresholdWeight, weightToProbability } from "./config";
import { nameKey } from "./names";
import { emailWeight, firstNameWeight, lastNameWeight, nameFrequencyWeight, phoneWeight } from "./score";
import type { Field, NormalisedRecord } from "./types";

/** What the scorer knows beyond the two records (optional; defaults assume rare values). */
export interface ScoringContext {
  /** Records carrying this email (term-frequency adjustment); default 1. */
  readonly emailCount?: (email: string) => number;
  /** Records carrying this phone; default 1. */
  readonly phoneCount?: (phone: string) => number;
  /** Records carrying this first-name key, for the typo guard (compare.ts). */
  readonly nameFrequency?: NameFrequency;
  /** Share of records carrying this surname key, and the average share (Σ p²), for its term frequency. */
  readonly surnameShare?: (key: string) => number;
  readonly averageSurnameShare?: number;
}

export interface FieldComparison {
  readonly field: Field;
  readonly level: string;
  readonly weight: number;
  readonly a: string | null;
  readonly b: string | null;
}

export interface Explanation {
  readonly fields: readonly FieldComparison[];
  /** Sum of the field weights plus the prior weight. */
  readonly total: number;
  readonly probability: number;
  readonly threshold: number;
  /** Above the threshold and no pair-level constraint against it. */
  readonly wouldMerge: boolean;
  /** The two are primary and partner of one booking. */
  readonly bookingConflict: boolean;
  /** Clearly different first names: never one person, whatever else agrees. */
  readonly firstNameConflict: boolean;
}

const key = (name: string | null) => (name === null ? null : nameKey(name));

export function bookingConflict(a: NormalisedRecord, b: NormalisedRecord): boolean {
  if (a.bookingId === null || a.bookingId !== b.bookingId) return false;
  return (a.source === "aj" && b.source === "aj_partner") || (a.source === "aj_partner" && b.source === "aj");
}

/** Per-field comparison level and weight of two normalised records, the total and the probability. */
export function explain(a: NormalisedRecord, b: NormalisedRecord, config: IdentityConfig = DEFAULT_CONFIG, context: ScoringContext = {}): Explanation {
  const names = compareNames({ first: key(a.firstName), last: key(a.lastName) }, { first: key(b.firstName), last: key(b.lastName) }, config.firstNameGuard, context.nameFrequency);
  const firstLevel = names.first;
  const lastLevel = names.last;
  const emailLevel = compareEmails(a.email, b.email);
  const phoneLevel = comparePhones(a.phone, b.phone);
  const emailCount = emailLevel === "agree" && a.email ? (context.emailCount?.(a.email) ?? 1) : 1;
  const phoneCount = phoneLevel === "agree" && a.phone ? (context.phoneCount?.(a.phone) ?? 1) : 1;
  let lastWeight = lastNameWeight(lastLevel, config);
  const surname = key(a.lastName);
  if (lastLevel === "exact" && surname && context.surnameShare && context.averageSurnameShare) {
    lastWeight = nameFrequencyWeight(lastWeight, context.surnameShare(surname), context.averageSurnameShare);
  }
  const fields: FieldComparison[] = [
    { field: "firstName", level: firstLevel, weight: firstNameWeight(firstLevel, config), a: a.firstName, b: b.firstName },
    { field: "lastName", level: lastLevel, weight: lastWeight, a: a.lastName, b: b.lastName },
    { field: "email", level: emailLevel, weight: emailWeight(emailLevel, emailCount, config), a: a.email, b: b.email },
    { field: "phone", level: phoneLevel, weight: phoneWeight(phoneLevel, phoneCount, config), a: a.phone, b: b.phone },
  ];
  const total = fields.reduce((sum, f) => sum + f.weight, config.priorWeight);
  const booking = bookingConflict(a, b);
  const firstNameConflict = !firstNamesCompatible(firstLevel);
  return {
    fields,
    total,
    probability: weightToProbability(total),
    threshold: config.threshold,
    wouldMerge: total > thresholdWeight(config) && !booking && !firstNameConflict,
    bookingConflict: booking,
    firstNameConflict,
  };
}
