/**
 * Emails: the address out of `Name <address>`, trimmed and lower-cased. Anything without a plausible local@domain.tld shape is
 * not a usable contact. Provider tricks (Gmail dots, +tags) are left alone: they are not
 * universal, and a false "same inbox" is worse than a missed one.
 */
const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** `Maria Sentosa <msentosa@example.com>`: the address inside the angle brackets. */
const DISPLAY_NAME = /<([^<>\s]+@[^<>\s]+)>/;

export function normaliseEmail(raw: string | null | undefined): string | null {
  if (raw == null) return null;
  let s = raw.trim().toLowerCase();
  if (s.includes("<")) s = DISPLAY_NAME.exec(s)?.[1] ?? s;
  if (s.startsWith("mailto:")) s = s.slice(7);
  return EMAIL_SHAPE.test(s) ? s : null;
}
