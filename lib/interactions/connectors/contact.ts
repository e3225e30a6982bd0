// Contact values as the resolver looks them up: phones in E.164, emails lower-cased.
import { parsePhoneNumberFromString, type CountryCode } from "libphonenumber-js";
import type { ContactRef } from "./types";

export const DEFAULT_REGION: CountryCode = "AU";

// Caller ID Twilio substitutes when the number is withheld: the words spelled on a keypad
// (ANONYMOUS, RESTRICTED, BLOCKED, UNKNOWN, UNAVAILABLE). They are nobody's number.
const WITHHELD = new Set(["+266696687", "+7378742833", "+2562533", "+8656696", "+86282452253"]);

/** E.164, or null when the value is not a valid phone number (withheld, junk, too short). */
export function normalisePhone(raw: string | null | undefined, region: CountryCode = DEFAULT_REGION): string | null {
  if (!raw) return null;
  const cleaned = raw.trim().replace(/^(whatsapp|sms|tel):/i, "");
  if (WITHHELD.has(cleaned.replace(/[^\d+]/g, ""))) return null;
  const parsed = parsePhoneNumberFromString(cleaned, region);
  return parsed?.isValid() ? parsed.number : null;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function normaliseEmail(raw: string | null | undefined): string | null {
  const value = raw?.trim().toLowerCase();
  return value && EMAIL.test(value) ? value : null;
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
