// Twilio's form-encoded webhook params for messaging and voice, as zod schemas. Only the
// fields we read are declared; the rest pass through (loose objects) and are stored as sent.
import { z } from "zod";

export type TwilioParams = Record<string, string | string[]>;

/** Form body → params. A repeated name becomes an array, which is how validateRequest signs it. */
export function parseTwilioForm(rawBody: string): TwilioParams {
  const params: TwilioParams = {};
  for (const [name, value] of new URLSearchParams(rawBody)) {
    const prior = params[name];
    if (prior === undefined) params[name] = value;
    else params[name] = Array.isArray(prior) ? [...prior, value] : [prior, value];
  }
  return params;
}

// Twilio SIDs: a two-letter type prefix and 32 hex digits.
const sid = (prefix: string) =>
  z.string().regex(new RegExp(`^${prefix}[0-9a-fA-F]{32}$`), `expected a ${prefix}… SID`);

const messageSid = z.string().regex(/^(SM|MM)[0-9a-fA-F]{32}$/, "expected an SM…/MM… SID");
// Twilio leaves some fields empty rather than out (ErrorCode=): an empty value is no value.
const digits = z.preprocess((v) => (v === "" ? undefined : v), z.string().regex(/^\d+$/, "expected a whole number").optional());

/** Incoming message webhook (the number's or Messaging Service's "A message comes in"). */
export const twilioInboundSms = z.looseObject({
  MessageSid: messageSid,
  AccountSid: sid("AC"),
  From: z.string().min(1),
  To: z.string().min(1),
  Body: z.string().default(""),
  NumMedia: digits.optional(),
  NumSegments: digits.optional(),
  MessagingServiceSid: sid("MG").optional(),
});
export type TwilioInboundSms = z.infer<typeof twilioInboundSms>;

export const twilioMessageStatuses = [
  "accepted", "scheduled", "canceled", "queued", "sending", "sent", "failed",
  "delivered", "undelivered", "receiving", "received", "read", "partially_delivered",
] as const;
export type TwilioMessageStatus = (typeof twilioMessageStatuses)[number];
export const isTwilioMessageStatus = (s: string): s is TwilioMessageStatus => (twilioMessageStatuses as readonly string[]).includes(s);

/** Message StatusCallback: one request per status change of a message we sent. */
export const twilioSmsStatus = z.looseObject({
  MessageSid: messageSid,
  AccountSid: sid("AC"),
  // Read as any word: a status Twilio adds later is stored and skipped with its name, not refused.
  MessageStatus: z.string().min(1),
  From: z.string().min(1).optional(),
  To: z.string().min(1).optional(),
  ErrorCode: digits.optional(),
});
export type TwilioSmsStatus = z.infer<typeof twilioSmsStatus>;

export const twilioCallStatuses = [
  "queued", "initiated", "ringing", "in-progress", "completed", "busy", "failed", "no-answer", "canceled",
] as const;
export type TwilioCallStatus = (typeof twilioCallStatuses)[number];

/** Voice StatusCallback (call progress events, and the final one when the call ends). */
export const twilioCallStatusCallback = z.looseObject({
  CallSid: sid("CA"),
  AccountSid: sid("AC"),
  CallStatus: z.enum(twilioCallStatuses),
  From: z.string(),
  To: z.string(),
  // inbound | outbound-api | outbound-dial, and trunking-originating/-terminating on SIP trunks
  Direction: z.string().min(1),
  ParentCallSid: sid("CA").optional(),
  CallDuration: digits.optional(),
  RecordingUrl: z.url().optional(),
  // RFC 2822, e.g. "Tue, 10 Aug 2010 03:45:01 +0000"
  Timestamp: z.string().optional(),
  SequenceNumber: digits.optional(),
});
export type TwilioCallStatusCallback = z.infer<typeof twilioCallStatusCallback>;

/** RecordingStatusCallback. */
export const twilioRecordingCallback = z.looseObject({
  RecordingSid: sid("RE"),
  AccountSid: sid("AC"),
  CallSid: sid("CA"),
  RecordingUrl: z.url(),
  RecordingStatus: z.enum(["in-progress", "completed", "absent", "failed"]).default("completed"),
  RecordingDuration: digits.optional(),
  RecordingChannels: digits.optional(),
  RecordingStartTime: z.string().optional(),
  RecordingSource: z.string().optional(),
  ErrorCode: digits.optional(),
});
export type TwilioRecordingCallback = z.infer<typeof twilioRecordingCallback>;

/** Twilio dates (RFC 2822) → Date, or null when absent or unreadable. */
export function twilioDate(value: string | undefined): Date | null {
  if (!value) return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : new Date(ms);
}
