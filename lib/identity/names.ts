/**
 * Person names: normalised display form and comparison key.
 *
 * Display form: Unicode NFKD with combining marks removed (José → jose), curly and other
 * apostrophes made straight (O’Brien → o'brien), dashes made '-', lower-cased, whitespace
 * collapsed and trimmed. Placeholders ("unknown", "n/a", "-") count as missing.
 *
 * Comparison key: the display form with everything but letters and digits removed, so
 * O'Brien, OBrien and O Brien agree exactly (and Smith-Jones agrees with Smith Jones).
 */

const COMBINING = /[\u0300-\u036f]/g;
const APOSTROPHES = /[\u2018\u2019\u201A\u201B\u2032\u02BC\u00B4`]/g;
const DASHES = /[\u2010-\u2015\u2212]/g;
const WHITESPACE = /\s+/g;
const NOT_KEY = /[^\p{L}\p{N}]/gu;
const PLACEHOLDERS = new Set(["unknown", "n/a", "na", "none", "null", "-", ".", "?", "tbc", "tba"]);

export function normaliseName(raw: string | null | undefined): string | null {
  if (raw == null) return null;
  const s = raw
    .normalize("NFKD")
    .replace(COMBINING, "")
    .replace(APOSTROPHES, "'")
    .replace(DASHES, "-")
    .toLowerCase()
    .replace(WHITESPACE, " ")
    .trim()
    .replace(/^[\s.,;:'-]+|[\s.,;:-]+$/g, "");
  if (s === "" || PLACEHOLDERS.has(s)) return null;
  return nameKey(s) === "" ? null : s;
}

export function nameKey(normalised: string): string {
  return normalised.replace(NOT_KEY, "");
}

const TITLES = new Set(["mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "dame", "rev"]);
const SUFFIXES = new Set(["jr", "sr", "ii", "iii", "iv", "snr", "jnr"]);
/** Words that begin a multi-word surname (Jane van der Berg, Ana de la Cruz). */
const SURNAME_PARTICLES = new Set(["van", "von", "de", "da", "di", "del", "della", "der", "den", "du", "la", "le", "st", "bin", "binti", "al", "el", "ter", "ten", "dos", "das"]);

export interface SplitName {
  readonly firstName: string | null;
  readonly lastName: string | null;
}

/**
 * Splits a SimplyBookMe-style whole name. Notes in parentheses are dropped
 * ("Jane Smith (new client)"), "Last, First" is read as such, titles and suffixes are
 * dropped, and in "First Middle Last" the middle names are dropped unless they start a
 * particle surname ("Jane van der Berg" → jane / van der berg).
 */
export function splitFullName(raw: string | null | undefined): SplitName {
  if (raw == null) return { firstName: null, lastName: null };
  const withoutNotes = raw.replace(/\([^)]*\)?/g, " ").replace(/\[[^\]]*\]?/g, " ");
  const comma = withoutNotes.indexOf(",");
  if (comma >= 0) {
    const last = normaliseName(withoutNotes.slice(0, comma));
    const rest = tokens(withoutNotes.slice(comma + 1));
    return { firstName: rest[0] ?? null, lastName: last };
  }
  const parts = tokens(withoutNotes);
  if (parts.length === 0) return { firstName: null, lastName: null };
  if (parts.length === 1) return { firstName: parts[0] ?? null, lastName: null };
  const first = parts[0] ?? null;
  let lastStart = parts.length - 1;
  for (let i = 1; i < parts.length - 1; i++) {
    if (SURNAME_PARTICLES.has(parts[i] ?? "")) {
      lastStart = i;
      break;
    }
  }
  return { firstName: first, lastName: parts.slice(lastStart).join(" ") };
}

function tokens(s: string): string[] {
  const out: string[] = [];
  for (const t of s.split(/\s+/)) {
    const n = normaliseName(t);
    if (n === null) continue;
    const bare = n.replace(/\./g, "");
    if (out.length === 0 && TITLES.has(bare)) continue;
    if (SUFFIXES.has(bare)) continue;
    out.push(n);
  }
  return out;
}

/** "o'brien" → "O'Brien", "van der berg" → "Van Der Berg": for display only. */
export function titleCase(normalised: string): string {
  return normalised.replace(/(^|[\s'-])(\p{L})/gu, (_m, sep: string, ch: string) => sep + ch.toUpperCase());
}
