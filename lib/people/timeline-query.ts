import { z } from "zod";

export const TIMELINE_KINDS = ["call", "sms", "whatsapp", "email", "in_app", "order", "booking", "appointment", "merge", "decision"] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];
export const INTERACTION_KINDS = ["call", "sms", "whatsapp", "email", "in_app"] as const satisfies readonly TimelineKind[];

const kindList = z
  .string()
  .transform((s) => s.split(",").filter(Boolean))
  .pipe(z.array(z.enum(TIMELINE_KINDS)).max(TIMELINE_KINDS.length));

/** A timeline request: which kinds (all when none), whose staff, which days (UTC, inclusive), and where to go on from. */
export const timelineQuerySchema = z.object({
  kinds: kindList.optional(),
  staff: z.uuid().optional(),
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
});
export type TimelineQuery = z.infer<typeof timelineQuerySchema>;

/** A timeline cursor: the last item's time and id (every stream's ids are uuids). */
export function encodeTimelineCursor(at: Date, id: string): string {
  return Buffer.from(`${at.toISOString()}|${id}`).toString("base64url");
}

export function decodeTimelineCursor(cursor: string | undefined): { at: Date; id: string } | null {
  if (!cursor) return null;
  const [at, id] = Buffer.from(cursor, "base64url").toString("utf8").split("|");
  if (!at || !id || !z.uuid().safeParse(id).success || Number.isNaN(Date.parse(at))) return null;
  return { at: new Date(at), id };
}
