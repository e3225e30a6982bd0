// Contact values as the resolver looks them up: phones in E.164, emails lower-cased. One
// normaliser each, identity's (lib/identity/phone.ts, email.ts), so a number on an order and
// the same number on a call meet as one string; here only what a live event adds: URI prefixes,
// the caller IDs Twilio puts in place of a withheld number, and no placeholder binning (that is
// for form entries: a business line may end in 0000 0000).
import type { CountryCode } from "libphonenumber-js";
import { normaliseEmail as identityEmail } from "@/lib/identity/email";
import { readPhone } from "@/lib/identity/phone";
import type { ContactRef } from "./types";

export const DEFAULT_REGION: CountryCode = "AU";

// Caller ID Twilio substitutes when the number is withheld: the words spelled on a keypad
// (ANONYMOUS, RESTRICTED, BLOCKED, UNKNOWN, UNAVAILABLE). They are nobody's number.
const WITHHELD = new Set(["+266696687", "+7378742833", "+2562533", "+8656696", "+86282452253"]);

/**
 * E.164, or null when the value is not a valid phone number (withheld, junk, too short).
 * "valid": a live event's number must be in an allocated range (identity's default for source
 * records is the looser "possible", see lib/identity/README.md).
 */
export function normalisePhone(raw: string | null | undefined, region: CountryCode = DEFAULT_REGION): string | null {
  if (!raw) return null;
  const key = `${region}|${raw}`;
  const known = recentPhones.get(key);
  if (known !== undefined) return known;
  const cleaned = raw.trim().replace(/^(whatsapp|sms|tel):/i, "");
  const value = WITHHELD.has(cleaned.replace(/[^\d+]/g, "")) ? null : (readPhone(cleaned, region, "valid")?.e164 ?? null);
  // the same numbers write again and again (a customer's texts, a staff line): libphonenumber
  // was a tenth of a webhook's CPU; the memo is bounded, cleared whole when full
  if (recentPhones.size >= RECENT_PHONES_MAX) recentPhones.clear();
  recentPhones.set(key, value);
  return value;
}

const RECENT_PHONES_MAX = 10_000;
const recentPhones = new Map<string, string | null>();

export function normaliseEmail(raw: string | null | undefined): string | null {
  return identityEmail(raw);
}

export function phoneContact(raw: string | null | undefined, region?: CountryCode): ContactRef | null {
  const value = normalisePhone(raw, region);
  return value ? { kind: "phone", value } : null;
}

export function emailContact(raw: string | null | undefined): ContactRef | null {
  const value = normaliseEmail(raw);
  return value ? { kind: "email", value } : null;
}

/**
 * A handle of unknown kind (Front custom channels): an email, else a phone, else the handle
 * itself (a chat visitor id such as `visitor-80767ce3`), so the event can still be triaged.
 */
export function handleContact(raw: string | null | undefined, region?: CountryCode): ContactRef | null {
  const handle = raw?.trim();
  if (!handle) return null;
  return emailContact(handle) ?? (/^[+\d\s().-]+$/.test(handle) ? phoneContact(handle, region) : null) ?? { kind: "handle", value: handle.slice(0, 320) };
}
