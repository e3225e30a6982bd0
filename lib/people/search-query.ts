import { z } from "zod";
import { normaliseEmail } from "@/lib/identity/email";
import { normalisePhone } from "@/lib/identity/phone";

/** What the people list accepts (query string of the page and of GET /api/people). */
export const peopleQuerySchema = z.object({
  q: z.string().trim().max(200).optional(),
  source: z.enum(["order", "sbm", "aj", "aj_partner"]).optional(),
  interactions: z.enum(["any", "none"]).optional(),
  /** last contact on or after / before this day (YYYY-MM-DD, UTC) */
  contactFrom: z.iso.date().optional(),
  contactTo: z.iso.date().optional(),
  staff: z.uuid().optional(),
  sort: z.enum(["name", "recent"]).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
});
export type PeopleQuery = z.infer<typeof peopleQuerySchema>;

/** How a search string is read: an email, a phone (typed any way), or a name. */
export type SearchTerm =
  | { kind: "email"; value: string }
  | { kind: "email_part"; value: string }
  | { kind: "phone"; value: string }
  | { kind: "name"; value: string };

/**
 * A string with an @ is an email (part of one, with an @ or a dot and no spaces, is
 * looked for inside emails); one made only of digits and phone punctuation with at
 * least six digits is a phone, normalised to E.164 by the identity engine's normaliser (so
 * "0412 345 678", "+61 412-345-678" and "(04) 1234 5678" are one number); anything else is
 * a name, lower-cased with its spaces collapsed.
 */
export function readSearchTerm(raw: string | undefined, region: string): SearchTerm | null {
  const q = raw?.trim() ?? "";
  if (q === "") return null;
  const email = q.includes("@") ? normaliseEmail(q) : null;
  if (email) return { kind: "email", value: email };
  if (/^[+\d\s().\-]+$/.test(q) && q.replace(/\D/g, "").length >= 6) {
    const phone = normalisePhone(q, region);
    if (phone) return { kind: "phone", value: phone };
  }
  // part of an email: an @ or a dot, no spaces
  if (/[@.]/.test(q) && !/\s/.test(q) && q.length >= 3) return { kind: "email_part", value: q.toLowerCase() };
  return { kind: "name", value: q.toLowerCase().replace(/\s+/g, " ") };
}

/** Keyset cursors: the last row's sort key and id, opaque to the client. */
export function encodeCursor(key: (string | number)[]): string {
  return Buffer.from(JSON.stringify(key)).toString("base64url");
}

export function decodeCursor(cursor: string | undefined): (string | number)[] | null {
  if (!cursor) return null;
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    return Array.isArray(v) && v.every((x) => typeof x === "string" || typeof x === "number") ? v : null;
  } catch {
    return null;
  }
}
