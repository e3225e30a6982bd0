import type { FirstNameGuardConfig } from "./config";
import { areNicknames, isKnownFirstName, nicknameVariants } from "./nicknames";
import { osaDistance } from "./string-distance";

/**
 * Comparison levels. Names are compared on their comparison keys (names.ts: letters and
 * digits only), so O'Brien / OBrien / O’Brien are `exact`.
 *
 * First names:
 * - exact: same key.
 * - nickname: same group in the built-in table (Bob/Robert, Kate/Katherine).
 * - typo: one edit apart (insert, delete, substitute, swap two neighbours), both at least
 *   3 letters, and not two established names (see `isEstablished`): Karen/Kaen is a typo,
 *   John/Joan or Mark/Mary are two people.
 * - nickname_typo: one edit away from a nickname variant of the other (Toyn/Anthony via
 *   Tony), both spellings at least 4 letters, the misspelt side not established.
 * - initial: one side is a single letter that starts the other (J/John): no evidence.
 * - disagree: anything else. Clearly different first names; this also vetoes a merge.
 */
export const FIRST_LEVELS = ["missing", "exact", "nickname", "typo", "nickname_typo", "initial", "disagree"] as const;
export type FirstNameLevel = (typeof FIRST_LEVELS)[number];

/** Last names: exact, typo (one edit, both at least 3 letters), disagree. */
export const LAST_LEVELS = ["missing", "exact", "typo", "disagree"] as const;
export type LastNameLevel = (typeof LAST_LEVELS)[number];

/** Emails and phones are compared exactly after normalisation. */
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

export function compareFirstNames(a: string | null, b: string | null, guard: FirstNameGuardConfig, frequency?: NameFrequency): FirstNameLevel {
  if (a === null || b === null || a === "" || b === "") return "missing";
  if (a === b) return "exact";
  if (areNicknames(a, b)) return "nickname";
  if ((a.length === 1 && b.startsWith(a)) || (b.length === 1 && a.startsWith(b))) return "initial";
  const short = Math.min(a.length, b.length);
  if (short >= 3 && osaDistance(a, b, 1) === 1) {
    const bothEstablished = isEstablished(a, b, guard, frequency) && isEstablished(b, a, guard, frequency);
    if (!bothEstablished) return "typo";
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
  if (Math.min(a.length, b.length) >= 3 && osaDistance(a, b, 1) === 1) return "typo";
  return "disagree";
}

export function compareContacts(a: string | null, b: string | null): ContactLevel {
  if (a === null || b === null) return "missing";
  return a === b ? "agree" : "disagree";
}

/** First names that may belong to one person (anything but a clear disagreement). */
export function firstNamesCompatible(level: FirstNameLevel): boolean {
  return level !== "disagree";
}
