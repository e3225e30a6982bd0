import { parsePhoneNumberFromString, type CountryCode } from "libphonenumber-js/max";

/**
 * Phone numbers to E.164, junk binned.
 *
 * Junk: libphonenumber cannot read the number, or it is not a usable number under the
 * configured validity, or its national number ends in 000000 (0400 000 000, 02 9000 0000:
 * placeholders people type into forms).
 *
 * Validity (`PhoneValidity`):
 * - "possible" (default): the right length for its region (libphonenumber `isPossible`)
 *   and at least 8 national digits.
 *   Real customers' numbers are sometimes in ranges libphonenumber's metadata does not list
 *   as allocated (stale metadata, new ranges); binning them throws away a real contact point.
 * - "valid": libphonenumber `isValid` with the full ("max") metadata: right length *and* an
 *   allocated range for some number type.
 *
 * libphonenumber parsing costs ~10 µs. A cheap fast path reads the common Australian
 * spellings ("0412 345 678", "+61 (0)412345678", "61412345678", "(02) 9876 5432", ...)
 * straight to E.164 digits without allocating. For those, "possible" needs no
 * libphonenumber call (a 9-digit Australian national number is always the right length)
 * and "valid" asks libphonenumber once per distinct number; everything else goes to
 * libphonenumber (`normalise` caches by raw string). phone.test.ts checks the fast path
 * against libphonenumber on random numbers in ten spellings and on arbitrary strings.
 */

const JUNK_TAIL = /000000$/;

/**
 * In "possible" mode a national number needs at least this many digits: shorter ones are
 * short codes and service numbers (13 xx xx), not a person's phone, even when
 * libphonenumber calls their length possible.
 */
const MIN_NATIONAL_DIGITS = 8;

interface FastPathRule {
  /** Country calling code. */
  readonly callingCode: number;
  /** Length of the national significant number the fast path accepts. */
  readonly nsnLength: number;
  /** National trunk prefix digit. */
  readonly trunk: number;
  /**
   * First digits of the national numbers the fast path handles: the region's ordinary
   * geographic and mobile numbers (for AU, 9 digits starting 2, 3, 4, 7 or 8, the
   * 9-digit part of libphonenumber's general pattern for AU). Anything else (service
   * numbers, carrier prefixes) goes to libphonenumber. This also matches libphonenumber's
   * rule for a leading country code without "+" (61412345678): stripped only when what
   * remains fits the region's pattern.
   */
  readonly firstDigits: string;
}

/** Regions with a fast path. Others always go through libphonenumber (still cached). */
const FAST_PATH: Readonly<Record<string, FastPathRule>> = {
  AU: { callingCode: 61, nsnLength: 9, trunk: 0, firstDigits: "23478" },
};

const NOT_FAST = -1;
const DIGIT_CHARS = "0123456789";

/**
 * Reads a common spelling of a number in a fast-path region as its E.164 digits in one
 * number (61412345678 for "0412 345 678"), or NOT_FAST when the spelling is not one the
 * fast path knows. Accepted: digits with spaces, '-', '(', ')', '.', and one leading '+'.
 * It allocates nothing: it runs once per record.
 */
function fastDigits(raw: string, rule: FastPathRule): number {
  const cc = rule.callingCode;
  const ccDigits = cc < 10 ? 1 : cc < 100 ? 2 : 3;
  let count = 0;
  let plus = false;
  let all = 0; // every digit, while it fits
  let head = 0; // the first ccDigits digits
  let first = -1; // first digit
  let afterCc = -1; // first digit after the calling code
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      const d = c - 48;
      if (count === 0) first = d;
      if (count < ccDigits) head = head * 10 + d;
      if (count === ccDigits) afterCc = d;
      count++;
      if (count > 15) return NOT_FAST; // beyond any spelling handled here, and exact in a double
      all = all * 10 + d;
    } else if (c === 43 /* + */) {
      if (plus || count > 0) return NOT_FAST;
      plus = true;
    } else if (c !== 32 && c !== 45 && c !== 40 && c !== 41 && c !== 46 && c !== 9) {
      return NOT_FAST;
    }
  }
  const n = rule.nsnLength;
  const scale = 10 ** n;
  let nsn = -1;
  if (plus) {
    if (head !== cc) return NOT_FAST;
    // "+61 (0)412..." carries the trunk prefix in brackets
    if (count === ccDigits + 1 + n && afterCc === rule.trunk) nsn = all % scale;
    else if (count === ccDigits + n) nsn = all % scale;
  } else if (count === n + 1 && first === rule.trunk) nsn = all % scale;
  else if (count === ccDigits + n && head === cc) nsn = all % scale;
  if (nsn < 0) return NOT_FAST;
  const lead = Math.floor(nsn / (scale / 10));
  if (rule.firstDigits.indexOf(DIGIT_CHARS[lead] ?? "x") < 0) return NOT_FAST;
  return cc * scale + nsn;
}

/**
 * Reads an E.164 candidate from a common spelling of a number in `region`, or returns null
 * when the spelling is not one the fast path knows (the caller then asks libphonenumber).
 */
export function fastPhoneCandidate(raw: string, region: string): string | null {
  const rule = FAST_PATH[region];
  if (!rule) return null;
  const digits = fastDigits(raw, rule);
  return digits === NOT_FAST ? null : `+${digits}`;
}

export type PhoneValidity = "possible" | "valid";

/**
 * libphonenumber's reading of one raw string under `validity`, placeholders not binned: the
 * normaliser for a number that is not a customer's form entry (a live call's or message's
 * parties, staff lines, a typed search), where 02 8000 0000 may well be a real switchboard.
 */
export function readPhone(raw: string, region: string, validity: PhoneValidity = "possible"): { e164: string; national: string } | null {
  const parsed = parsePhoneNumberFromString(raw, region as CountryCode);
  if (!parsed) return null;
  if (validity === "valid" ? !parsed.isValid() : !parsed.isPossible() || parsed.nationalNumber.length < MIN_NATIONAL_DIGITS) return null;
  return { e164: parsed.number, national: parsed.nationalNumber };
}

/** The verdict of libphonenumber on one raw string: E.164, or null when junk. */
export function parsePhoneSlow(raw: string, region: string, validity: PhoneValidity = "possible"): string | null {
  const read = readPhone(raw, region, validity);
  if (!read || JUNK_TAIL.test(read.national)) return null;
  return read.e164;
}

/** A caching phone normaliser for one default region and validity. */
export class PhoneNormaliser {
  private readonly byRaw = new Map<string, string | null>();
  private readonly validByDigits = new Map<number, boolean>();
  private readonly rule: FastPathRule | undefined;
  slowParses = 0;

  constructor(
    readonly region: string,
    readonly validity: PhoneValidity = "possible",
  ) {
    this.rule = FAST_PATH[region];
  }

  normalise(raw: string | null | undefined): string | null {
    if (raw == null) return null;
    const hit = this.byRaw.get(raw);
    if (hit !== undefined) return hit;
    const result = this.read(raw);
    this.byRaw.set(raw, result);
    return result;
  }

  /** Like `normalise` without the raw-string cache, for callers that cache raw values themselves. */
  read(raw: string): string | null {
    const digits = this.readDigits(raw);
    if (digits > 0) return `+${digits}`;
    if (digits === 0) return null;
    return this.readSlow(raw);
  }

  /**
   * The fast path alone: the E.164 digits as a number (> 0), 0 for junk, or -1 when the
   * spelling needs `readSlow`. Lets a batch intern numbers without building strings.
   */
  readDigits(raw: string): number {
    if (!this.rule) return NOT_FAST;
    const digits = fastDigits(raw, this.rule);
    if (digits === NOT_FAST) return NOT_FAST;
    if (digits % 1_000_000 === 0) return 0;
    if (this.validity === "possible") return digits;
    let valid = this.validByDigits.get(digits);
    if (valid === undefined) {
      this.slowParses++;
      valid = parsePhoneSlow(`+${digits}`, this.region, this.validity) !== null;
      this.validByDigits.set(digits, valid);
    }
    return valid ? digits : 0;
  }

  /** libphonenumber's verdict on a raw string (no cache). */
  readSlow(raw: string): string | null {
    const trimmed = raw.trim();
    if (trimmed === "") return null;
    this.slowParses++;
    return parsePhoneSlow(trimmed, this.region, this.validity);
  }
}

/** One-off normalisation; prefer one PhoneNormaliser per batch (it caches). */
export function normalisePhone(raw: string | null | undefined, region: string, validity: PhoneValidity = "possible"): string | null {
  return new PhoneNormaliser(region, validity).normalise(raw);
}
