import type { FirstNameGuardConfig } from "./config";
import { areNicknames, isKnownFirstName, nicknameVariants } from "./nicknames";
import { jaroWinkler, osaDistance } from "./string-distance";

/**
 * Comparison levels, as record-linkage tools (Splink) define them: each level has its own
 * m and u (config.ts), checked from the strongest down, the first that holds wins. Names
 * are compared on their comparison keys (names.ts: letters and digits only), so O'Brien /
 * OBrien and a stray space (`Ja ck`) are `exact`.
 *
 * First names:
 * - exact: same key.
 * - nickname: same group in the built-in table (Bob/Robert, Kate/Katherine).
 * - initial: one side is a single letter that starts the other (J/John): no evidence.
 * - then, unless both are established names (see `isEstablished`: John/Joan, Mark/Mary
 *   are two people however close their spelling), the spelling levels:
 *   typo (one edit, both ≥ 3 letters), jaro_winkler_92 (≥ 0.92, both ≥ 4 letters),
 *   jaro_winkler_88 (≥ 0.88, both ≥ 4 letters), two_edits (Damerau–Levenshtein 2, both
 *   ≥ 5 letters), reordered (the same letters in another order, both ≥ 6 letters: tokens
 *   written the other way round).
 * - nickname_typo: one edit away from a nickname variant of the other (Toyn/Anthony via
 *   Tony), both spellings at least 4 letters, the misspelt side not established.
 * - disagree: anything else; a clear disagreement also vetoes a merge (constraints.ts).
 * - swapped: first and last name written the other way round (pair level, `compareNames`).
 */
export const FIRST_LEVELS = [
  "missing",
  "exact",
  "nickname",
  "typo",
  "jaro_winkler_92",
  "jaro_winkler_88",
  "two_edits",
  "reordered",
  "nickname_typo",
  "initial",
  "swapped",
  "disagree",
] as const;
export type FirstNameLevel = (typeof FIRST_LEVELS)[number];

/** Last names: the same spelling levels without the established-name guard, and swapped. */
export const LAST_LEVELS = ["missing", "exact", "typo", "jaro_winkler_92", "jaro_winkler_88", "two_edits", "reordered", "initial", "swapped", "disagree"] as const;
export type LastNameLevel = (typeof LAST_LEVELS)[number];

/** Spelling levels shared by first and last names. */
export type SpellingLevel = "exact" | "typo" | "jaro_winkler_92" | "jaro_winkler_88" | "two_edits" | "reordered";

/** Emails: exact; one edit in the local part (same domain, `localOneEdit`); a known domain typo (same local part). */
export const EMAIL_LEVELS = ["missing", "agree", "one_edit", "domain_typo", "disagree"] as const;
export type EmailLevel = (typeof EMAIL_LEVELS)[number];

/** Phones (E.164): exact; one digit different (same length). */
export const PHONE_LEVELS = ["missing", "agree", "one_digit", "disagree"] as const;
export type PhoneLevel = (typeof PHONE_LEVELS)[number];

/** The exact-only contact comparison (weak-record attachment uses exact values only). */
export const CONTACT_LEVELS = ["missing", "agree", "disagree"] as const;
export type ContactLevel = (typeof CONTACT_LEVELS)[number];

/** How many records carry a first-name key; optional knowledge for the typo guard. */
export type NameFrequency = (key: string) => number;

/**
 * An established name is a real name in its own right, not a misspelling: one in the
 * built-in list, or one seen on at least `minCount` records and on at least `ratio` times
 * as many records as the spelling it is compared with.
 */
export function isEstablished(name: string, other: string, guard: FirstNameGuardConfig, frequency?: NameFrequency): boolean {
  if (isKnownFirstName(name)) return true;
  if (!frequency) return false;
  const n = frequency(name);
  return n >= guard.minCount && n >= guard.ratio * frequency(other);
}

const sortedLetters = (s: string) => [...s].sort().join("");

/** The closest spelling level of two different non-empty keys, or null when none holds. */
export function spellingLevel(a: string, b: string): SpellingLevel | null {
  if (a === b) return "exact";
  const short = Math.min(a.length, b.length);
  const edits = short >= 3 ? osaDistance(a, b, 2) : 3;
  if (edits === 1) return "typo";
  const jw = short >= 4 ? jaroWinkler(a, b) : 0;
  if (jw >= 0.92) return "jaro_winkler_92";
  if (jw >= 0.88) return "jaro_winkler_88";
  if (edits === 2 && short >= 5) return "two_edits";
  if (short >= 6 && a.length === b.length && sortedLetters(a) === sortedLetters(b)) return "reordered";
  return null;
}

export function compareFirstNames(a: string | null, b: string | null, guard: FirstNameGuardConfig, frequency?: NameFrequency): FirstNameLevel {
  if (a === null || b === null || a === "" || b === "") return "missing";
  if (a === b) return "exact";
  if (areNicknames(a, b)) return "nickname";
  if ((a.length === 1 && b.startsWith(a)) || (b.length === 1 && a.startsWith(b))) return "initial";
  const spelling = spellingLevel(a, b);
  if (spelling !== null) {
    const bothEstablished = isEstablished(a, b, guard, frequency) && isEstablished(b, a, guard, frequency);
    if (!bothEstablished) return spelling;
  }
  if (nicknameTypo(a, b, guard, frequency) || nicknameTypo(b, a, guard, frequency)) return "nickname_typo";
  return "disagree";
}

/** Is `typo` one edit away from a nickname variant of `name`? */
function nicknameTypo(typo: string, name: string, guard: FirstNameGuardConfig, frequency?: NameFrequency): boolean {
  if (typo.length < 4 || isEstablished(typo, name, guard, frequency)) return false;
  for (const variant of nicknameVariants(name)) {
    if (variant.length >= 4 && osaDistance(typo, variant, 1) === 1) return true;
  }
  return false;
}

export function compareLastNames(a: string | null, b: string | null): LastNameLevel {
  if (a === null || b === null || a === "" || b === "") return "missing";
  if (a === b) return "exact";
  if ((a.length === 1 && b.startsWith(a)) || (b.length === 1 && a.startsWith(b))) return "initial";
  return spellingLevel(a, b) ?? "disagree";
}

export interface NamePair {
  readonly first: string | null;
  readonly last: string | null;
}

export interface NameLevels {
  readonly first: FirstNameLevel;
  readonly last: LastNameLevel;
}

/** Do two name keys agree closely enough to count in a swapped comparison? */
function crossAgrees(a: string | null, b: string | null): boolean {
  if (a === null || b === null || a === "" || b === "") return false;
  const level = compareLastNames(a, b);
  return level === "exact" || level === "typo" || level === "jaro_winkler_92";
}

/**
 * Both names of two records. When neither straight comparison agrees, the names are tried
 * the other way round: `Hodgson George` against `George Hodgson` is `swapped` on both
 * fields; a record whose one name sits in the other field (`— Christine` against
 * `Christine Hunter`) is `swapped` on the field that holds it, the other stays missing.
 */
export function compareNames(a: NamePair, b: NamePair, guard: FirstNameGuardConfig, frequency?: NameFrequency): NameLevels {
  const first = compareFirstNames(a.first, b.first, guard, frequency);
  const last = compareLastNames(a.last, b.last);
  const straightFails = (first === "disagree" || first === "missing") && (last === "disagree" || last === "missing");
  if (!straightFails) return { first, last };
  const x1 = crossAgrees(a.first, b.last);
  const x2 = crossAgrees(a.last, b.first);
  const allPresent = a.first && a.last && b.first && b.last;
  if (allPresent) return x1 && x2 ? { first: "swapped", last: "swapped" } : { first, last };
  // one name on a side: it may sit in the other field
  if (x1 && (a.last === null || b.first === null)) return { first: "swapped", last };
  if (x2 && (a.first === null || b.last === null)) return { first, last: "swapped" };
  return { first, last };
}

const DOMAIN_TYPOS: Readonly<Record<string, string>> = {
  "gmial.com": "gmail.com",
  "gmai.com": "gmail.com",
  "gamil.com": "gmail.com",
  "gmail.co": "gmail.com",
  "gmaill.com": "gmail.com",
  "hotmial.com": "hotmail.com",
  "hotmai.com": "hotmail.com",
  "hotmail.co": "hotmail.com",
  "yaho.com": "yahoo.com",
  "yahooo.com": "yahoo.com",
  "outlok.com": "outlook.com",
  "bigpond.con": "bigpond.com",
  "bigpnd.com": "bigpond.com",
};
/** Well-known mail domains: a domain one edit from one of them is a typo of it. */
const KNOWN_DOMAINS = ["gmail.com", "hotmail.com", "outlook.com", "yahoo.com", "yahoo.com.au", "bigpond.com", "bigpond.net.au", "icloud.com", "live.com.au", "optusnet.com.au", "iinet.net.au"];

export function canonicalDomain(domain: string): string {
  const listed = DOMAIN_TYPOS[domain];
  if (listed) return listed;
  if (KNOWN_DOMAINS.includes(domain)) return domain;
  for (const known of KNOWN_DOMAINS) if (osaDistance(domain, known, 1) === 1) return known;
  return domain;
}

/**
 * One edit between two local parts, as a typo makes it: both at least 4 characters, the
 * same first character (ablack / mblack are two people's initials), and no digit involved
 * (virginia_kim62 / virginia_kim65 are namesakes numbered apart).
 */
function localOneEdit(a: string, b: string): boolean {
  if (Math.min(a.length, b.length) < 4 || a.charCodeAt(0) !== b.charCodeAt(0) || osaDistance(a, b, 1) !== 1) return false;
  const digits = (s: string) => s.replace(/\D/g, "");
  return digits(a) === digits(b);
}

export function compareEmails(a: string | null, b: string | null): EmailLevel {
  if (a === null || b === null) return "missing";
  if (a === b) return "agree";
  const atA = a.lastIndexOf("@");
  const atB = b.lastIndexOf("@");
  const localA = a.slice(0, atA);
  const localB = b.slice(0, atB);
  const domainA = a.slice(atA + 1);
  const domainB = b.slice(atB + 1);
  if (domainA === domainB) return localOneEdit(localA, localB) ? "one_edit" : "disagree";
  if (localA === localB && canonicalDomain(domainA) === canonicalDomain(domainB)) return "domain_typo";
  return "disagree";
}

export function comparePhones(a: string | null, b: string | null): PhoneLevel {
  if (a === null || b === null) return "missing";
  if (a === b) return "agree";
  if (a.length !== b.length) return "disagree";
  let diff = 0;
  for (let k = 0; k < a.length && diff < 2; k++) if (a.charCodeAt(k) !== b.charCodeAt(k)) diff++;
  return diff === 1 ? "one_digit" : "disagree";
}

export function compareContacts(a: string | null, b: string | null): ContactLevel {
  if (a === null || b === null) return "missing";
  return a === b ? "agree" : "disagree";
}

/** First names that may belong to one person (anything but a clear disagreement). */
export function firstNamesCompatible(level: FirstNameLevel): boolean {
  return level !== "disagree";
}

/** Spelling levels that make two first names one name misspelt (constraints.ts bridges them). */
export function isMisspelling(level: FirstNameLevel): boolean {
  return level === "typo" || level === "jaro_winkler_92" || level === "jaro_winkler_88" || level === "two_edits";
}
