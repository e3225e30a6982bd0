import { attachDecision } from "./attach";
import { compareFirstNames, firstNamesCompatible } from "./compare";
import { DEFAULT_CONFIG, type IdentityConfig, thresholdWeight } from "./config";
import { type Explanation, type ScoringContext, explain } from "./explain";
import { nameKey } from "./names";
import type { RejectionReason, RejectionSet } from "./rejections";
import type { NormalisedRecord, WeakReason } from "./types";

/** A record already matched, sharing an email or phone with the new one. */
export interface Candidate {
  readonly record: NormalisedRecord;
  readonly personKey: string;
}

/**
 * What the store knows about a candidate person beyond the candidate records, so the
 * constraints hold against the whole person: its first names (normalised) and its
 * booking roles as `${bookingId}:aj` / `${bookingId}:aj_partner`.
 */
export interface PersonFacts {
  readonly firstNames: readonly string[];
  readonly bookingRoles: readonly string[];
}

export interface IncrementalInput {
  readonly record: NormalisedRecord;
  readonly candidates: readonly Candidate[];
  readonly config?: IdentityConfig;
  /**
   * Term frequencies and name frequencies. By default an email's (phone's) count is the
   * number of candidates carrying it plus the new record: the bucket the batch would see.
   */
  readonly context?: ScoringContext;
  readonly rejections?: RejectionSet;
  readonly personFacts?: ReadonlyMap<string, PersonFacts>;
}

export interface IncrementalRejection {
  /** The pair's comparison (pairs scored below the threshold), for possible matches. */
  readonly evidence?: Explanation;
  readonly candidate: string;
  readonly personKey: string;
  readonly probability: number;
  readonly reason: RejectionReason;
}

export type IncrementalDecision =
  | { readonly action: "drop"; readonly reason: "no_contact" }
  | {
      readonly action: "wait";
      readonly reason: WeakReason;
      /** A full record with no first name that matched persons with clashing first names: the best pair per person. */
      readonly matched?: readonly { readonly candidate: string; readonly personKey: string; readonly evidence: Explanation }[];
    }
  | { readonly action: "attach"; readonly personKey: string }
  | {
      readonly action: "join";
      readonly personKey: string;
      /** The strongest pair that joined it. */
      readonly evidence: Explanation;
      readonly candidateKey: string;
      /** Other persons the record also matched: a hint that they may be one person. */
      readonly alsoMatched: readonly string[];
      readonly rejected: readonly IncrementalRejection[];
    }
  | { readonly action: "new"; readonly rejected: readonly IncrementalRejection[] };

interface PersonTally {
  best: number;
  bestEvidence: Explanation | null;
  bestCandidate: string;
  matches: number;
  firstNames: Set<string>;
  roles: Set<string>;
}

/**
 * Decides which person one new normalised record joins, given its candidates (records
 * sharing an email or phone, with their current person keys). The same rules as the batch:
 * Fellegi–Sunter above the threshold, cached rejections skipped until evidence changes,
 * and the cannot-link constraints checked against the whole candidate person (booking
 * roles, first-name compatibility). For a crowded contact value (more candidates than
 * `maxPairwiseBucket`) only candidates with the same name key are compared, as in the
 * batch's sub-blocking. Weak records attach by the exact-value rule. A record with no first
 * name that matches persons with clearly different first names waits as `ambiguous`.
 */
export function resolveIncremental(input: IncrementalInput): IncrementalDecision {
  const { record } = input;
  const config = input.config ?? DEFAULT_CONFIG;
  if (record.status === "dropped") return { action: "drop", reason: "no_contact" };
  const candidates = input.candidates.filter((c) => c.record.key !== record.key);

  if (record.status === "weak") {
    const owners = candidates
      .filter((c) => c.record.status === "full" && ((record.email !== null && c.record.email === record.email) || (record.phone !== null && c.record.phone === record.phone)))
      .map((c) => c.personKey);
    const decision = attachDecision(owners);
    return decision.ok ? { action: "attach", personKey: decision.personKey } : { action: "wait", reason: decision.reason };
  }

  const full = candidates.filter((c) => c.record.status === "full");
  const emailCount = new Map<string, number>();
  const phoneCount = new Map<string, number>();
  for (const c of full) {
    if (c.record.email) emailCount.set(c.record.email, (emailCount.get(c.record.email) ?? 0) + 1);
    if (c.record.phone) phoneCount.set(c.record.phone, (phoneCount.get(c.record.phone) ?? 0) + 1);
  }
  const context: ScoringContext = {
    emailCount: input.context?.emailCount ?? ((e) => (emailCount.get(e) ?? 0) + 1),
    phoneCount: input.context?.phoneCount ?? ((p) => (phoneCount.get(p) ?? 0) + 1),
    nameFrequency: input.context?.nameFrequency,
  };
  const max = config.blocking.maxPairwiseBucket;
  const emailCrowded = record.email !== null && (context.emailCount?.(record.email) ?? 1) > max;
  const phoneCrowded = record.phone !== null && (context.phoneCount?.(record.phone) ?? 1) > max;
  const hasName = record.firstName !== null || record.lastName !== null;
  /** Compared unless the only values shared are crowded ones and the names differ. */
  const comparable = (r: NormalisedRecord) => {
    const sharesEmail = record.email !== null && r.email === record.email;
    const sharesPhone = record.phone !== null && r.phone === record.phone;
    if ((sharesEmail && !emailCrowded) || (sharesPhone && !phoneCrowded)) return true;
    if (!sharesEmail && !sharesPhone) return true;
    return hasName && key(r.firstName) === key(record.firstName) && key(r.lastName) === key(record.lastName);
  };

  const threshold = thresholdWeight(config);
  const persons = new Map<string, PersonTally>();
  const rejected: IncrementalRejection[] = [];
  for (const c of full) {
    const tally = persons.get(c.personKey) ?? newTally(c.personKey, input.personFacts);
    persons.set(c.personKey, tally);
    if (c.record.bookingId && (c.record.source === "aj" || c.record.source === "aj_partner")) tally.roles.add(`${c.record.bookingId}:${c.record.source}`);
    if (!comparable(c.record) || input.rejections?.skips(record, c.record)) {
      if (c.record.firstName) tally.firstNames.add(c.record.firstName);
      continue;
    }
    const evidence = explain(record, c.record, config, context);
    // names written the other way round: which side is turned is not known, so the
    // candidate's "first name" (maybe a surname) does not veto, and the record may pass
    // the veto with either of its names (constraintAgainst)
    if (c.record.firstName && evidence.fields[0]?.level !== "swapped") tally.firstNames.add(c.record.firstName);
    if (evidence.total > threshold) {
      tally.matches++;
      if (evidence.total > tally.best) {
        tally.best = evidence.total;
        tally.bestEvidence = evidence;
        tally.bestCandidate = c.record.key;
      }
    } else rejected.push({ candidate: c.record.key, personKey: c.personKey, probability: evidence.probability, reason: "below_threshold", evidence });
  }

  const eligible: { personKey: string; tally: PersonTally }[] = [];
  for (const [personKey, tally] of persons) {
    if (!tally.bestEvidence) continue;
    let reason = constraintAgainst(record, tally, config, context);
    if (reason === "first_name_conflict" && tally.bestEvidence.fields[0]?.level === "swapped" && record.lastName) {
      reason = constraintAgainst({ ...record, firstName: record.lastName }, tally, config, context);
    }
    if (reason) {
      rejected.push({ candidate: tally.bestCandidate, personKey, probability: tally.bestEvidence.probability, reason });
      continue;
    }
    eligible.push({ personKey, tally });
  }
  if (eligible.length === 0) return { action: "new", rejected };
  // ambiguity is not a match: a record with no first name matching people who cannot be
  // one person (a couple's inbox: different first names, or two sides of a booking) joins
  // neither, as in the batch
  if (record.firstName === null && eligible.length > 1 && cannotBeOne(eligible.map((e) => e.tally), config, context)) {
    return { action: "wait", reason: "ambiguous", matched: eligible.map((e) => ({ candidate: e.tally.bestCandidate, personKey: e.personKey, evidence: e.tally.bestEvidence! })) };
  }
  eligible.sort((x, y) => y.tally.best - x.tally.best || y.tally.matches - x.tally.matches || (x.personKey < y.personKey ? -1 : 1));
  const chosen = eligible[0]!;
  return {
    action: "join",
    personKey: chosen.personKey,
    evidence: chosen.tally.bestEvidence!,
    candidateKey: chosen.tally.bestCandidate,
    alsoMatched: eligible.slice(1).map((e) => e.personKey),
    rejected,
  };
}

const key = (name: string | null) => (name === null ? null : nameKey(name));

function newTally(personKey: string, facts?: ReadonlyMap<string, PersonFacts>): PersonTally {
  const known = facts?.get(personKey);
  return {
    best: -Infinity,
    bestEvidence: null,
    bestCandidate: "",
    matches: 0,
    firstNames: new Set(known?.firstNames ?? []),
    roles: new Set(known?.bookingRoles ?? []),
  };
}

/**
 * Can two existing persons be one (a new record matched both)? The batch's constraints on
 * whole persons: no opposite roles of one booking, and every first name of one compatible
 * with every first name of the other, or both one-edit spellings of a name either holds.
 */
export function personsCompatible(a: PersonFacts, b: PersonFacts, config: IdentityConfig = DEFAULT_CONFIG, context: ScoringContext = {}): boolean {
  const opposite = (role: string) => (role.endsWith(":aj") ? `${role.slice(0, -3)}:aj_partner` : role.endsWith(":aj_partner") ? `${role.slice(0, -11)}:aj` : null);
  if (a.bookingRoles.some((r) => b.bookingRoles.includes(opposite(r) ?? ""))) return false;
  const level = (x: string, y: string) => compareFirstNames(x, y, config.firstNameGuard, context.nameFrequency);
  const all = [...a.firstNames, ...b.firstNames].map(nameKey);
  const near = (x: string, z: string) => x === z || level(x, z) === "typo";
  for (const x of a.firstNames.map(nameKey)) {
    for (const y of b.firstNames.map(nameKey)) {
      if (x === y || firstNamesCompatible(level(x, y))) continue;
      if (all.some((z) => near(x, z) && near(y, z))) continue;
      return false;
    }
  }
  return true;
}

/** Are two of these persons ones that cannot be one person (first names, booking roles)? */
function cannotBeOne(persons: readonly PersonTally[], config: IdentityConfig, context: ScoringContext): boolean {
  const facts = persons.map((p) => ({ firstNames: [...p.firstNames], bookingRoles: [...p.roles] }));
  for (let x = 0; x < facts.length; x++) {
    for (let y = x + 1; y < facts.length; y++) if (!personsCompatible(facts[x]!, facts[y]!, config, context)) return true;
  }
  return false;
}

function constraintAgainst(record: NormalisedRecord, person: PersonTally, config: IdentityConfig, context: ScoringContext): RejectionReason | null {
  if (record.bookingId && (record.source === "aj" || record.source === "aj_partner")) {
    const opposite = record.source === "aj" ? "aj_partner" : "aj";
    if (person.roles.has(`${record.bookingId}:${opposite}`)) return "booking_conflict";
  }
  // the batch's rule (constraints.ts): compatible with every first name of the person,
  // or both one-edit spellings of a first name among them
  const mine = key(record.firstName);
  if (mine && person.firstNames.size > 0) {
    const theirs = [...person.firstNames].map(nameKey);
    const level = (x: string, y: string) => compareFirstNames(x, y, config.firstNameGuard, context.nameFrequency);
    const near = (x: string, z: string) => x === z || level(x, z) === "typo";
    for (const y of theirs) {
      if (firstNamesCompatible(level(mine, y))) continue;
      if ([mine, ...theirs].some((z) => near(mine, z) && near(y, z))) continue;
      return "first_name_conflict";
    }
  }
  return null;
}
