// Aircall webhook bodies: { resource, event, timestamp, token, data }. For resource "call",
// data is the Call object (times in Unix seconds). Only what we read is declared.
import { z } from "zod";

const unixSeconds = z.number().int().nonnegative();

/** Aircall's documented samples send `"user": {}` for "none yet": an empty object is null. */
const emptyAsNull = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (v && typeof v === "object" && !Array.isArray(v) && Object.keys(v).length === 0 ? null : v), schema.nullish());

export const aircallUser = z.looseObject({
  id: z.number().int(),
  name: z.string().nullish(),
  email: z.string().nullish(),
});
export type AircallUser = z.infer<typeof aircallUser>;

export const aircallNumber = z.looseObject({
  id: z.number().int(),
  name: z.string().nullish(),
  digits: z.string(),
});

export const aircallCall = z.looseObject({
  id: z.number().int(),
  direct_link: z.string().optional(),
  direction: z.enum(["inbound", "outbound"]),
  status: z.string(), // initial | answered | done
  started_at: unixSeconds.nullish(),
  answered_at: unixSeconds.nullish(),
  ended_at: unixSeconds.nullish(),
  duration: z.number().int().nonnegative().nullish(),
  // The customer's number, international format with spaces, or "anonymous".
  raw_digits: z.string().nullish(),
  missed_call_reason: z.string().nullish(),
  // Pre-signed URLs that expire: fetch soon after call.ended if the file is wanted.
  voicemail: z.string().nullish(),
  recording: z.string().nullish(),
  // Stable (non-expiring) link to the call's assets in the Aircall dashboard.
  asset: z.string().nullish(),
  user: emptyAsNull(aircallUser),
  number: emptyAsNull(aircallNumber),
});
export type AircallCall = z.infer<typeof aircallCall>;

/** The call events Aircall sends (data is the Call). */
export const AIRCALL_CALL_EVENT_NAMES = [
  "call.created", "call.ringing_on_agent", "call.agent_declined", "call.answered", "call.transferred",
  "call.unsuccessful_transfer", "call.hungup", "call.ended", "call.voicemail_left", "call.assigned",
  "call.archived", "call.tagged", "call.untagged", "call.commented", "call.comm_assets_generated",
] as const;

// The token authenticates the request and is verified before parsing; it is not stored
// with the payload (it is a secret), so the envelope does not require it.
export const aircallEnvelope = z.looseObject({
  resource: z.string().min(1),
  event: z.string().min(1),
  timestamp: unixSeconds,
  data: z.unknown(),
});

