// The shared shapes of a webhook connector: raw request → verify → parse → interpret → an
// IncomingEvent draft the route stores; later, stored payload → the fields a processor needs.
// Pure: no database, no framework. Unions mirror the Prisma enums of the same names.
import type { CountryCode } from "libphonenumber-js";
import type { HeaderBag, VerifyResult } from "@/lib/vendors/webhook";

export type Vendor = "twilio" | "aircall" | "front" | "shopify" | "simplybook" | "appointjet";
export type Channel = "call" | "sms" | "email" | "in_app" | "whatsapp";
export type ContactKind = "phone" | "email" | "aircall_user" | "front_teammate" | "handle";
export type Direction = "inbound" | "outbound";
/** Channels whose detail is a message with a vendor id and a delivery status (sms_details). */
export type MessageChannel = "sms" | "whatsapp";

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** A contact value, normalised: phones E.164, emails lower-case. */
export interface ContactRef {
  kind: ContactKind;
  value: string;
}

/** Everything the route needs to insert one raw IncomingEvent (unique on vendor + vendorEventId). */
export interface IncomingEventDraft {
  vendor: Vendor;
  vendorEventId: string;
  eventType: string;
  occurredAt: Date | null;
  channel: Channel | null;
  /** The external party (customer side), for the Unidentified Contacts queue. */
  contact: ContactRef | null;
  /** The body exactly as the vendor sent it (parsed JSON, or the form params). */
  payload: JsonObject;
}

/** A webhook as the route handler received it. */
export interface WebhookRequest {
  headers: HeaderBag;
  rawBody: string;
  /** Path and query as requested, e.g. "/api/webhooks/twilio/sms?x=1" (Twilio signs it). */
  pathAndQuery: string;
}

export interface VerifyContext {
  /** The vendor secret (auth token, app secret, webhook token, shared secret). */
  secret: string | undefined;
  now: Date;
  /** PUBLIC_BASE_URL: the origin vendors call, when it differs from what the proxy reports. */
  publicBaseUrl?: string;
}

export interface InterpretOptions {
  /** Region for phone numbers written without a country code. Default AU. */
  defaultRegion?: CountryCode;
}

export type BadRequest = { ok: false; status: 400; reason: string };
export type ParseResult<T> = { ok: true; value: Parsed<T> } | BadRequest;
export type InterpretResult = { ok: true; event: IncomingEventDraft } | BadRequest;

/** Validated data alongside the body as sent, which is what gets stored. */
export interface Parsed<T> {
  data: T;
  raw: JsonObject;
}

/** What the route answers (a handshake, or the 2xx after storing). */
export interface HttpAnswer {
  status: number;
  contentType: string;
  body: string;
}

export interface Connector<T> {
  readonly name: string;
  readonly vendor: Vendor;
  verify(req: WebhookRequest, ctx: VerifyContext): VerifyResult;
  /** A vendor handshake to answer instead of storing (Front's x-front-challenge); else null. */
  handshake?(req: WebhookRequest): HttpAnswer | null;
  parse(req: WebhookRequest): ParseResult<T>;
  interpret(parsed: Parsed<T>, req: WebhookRequest, options?: InterpretOptions): InterpretResult;
  /** The 2xx body once the event is stored (Twilio wants TwiML, others anything). */
  readonly ack: HttpAnswer;
}

// ───────────── the processor's half: a stored payload → an interaction ─────────────

/** Who on our side took part. twilio_client is a Voice SDK identity ("client:alice"). */
export interface StaffRef {
  kind: ContactKind | "twilio_client";
  value: string;
  /** Only a hint (a conversation's assignee): an unknown one leaves the staff empty, it does not hold the event. */
  optional?: boolean;
}

export interface CallDetailDraft {
  vendorCallId: string;
  durationSeconds: number | null;
  /** answered | voicemail | missed | no_answer | busy | failed | canceled, or the vendor's missed reason */
  outcome: string;
  /** A link that stays valid (Twilio's media URL, Aircall's asset page); null when nothing was recorded. */
  recordingUrl: string | null;
  /** Links that expire (Aircall's pre-signed recording and voicemail): fetched into our media store soon. */
  media?: MediaLinkDraft[];
}

export interface MediaLinkDraft {
  kind: "recording" | "voicemail";
  url: string;
}

export interface SmsDetailDraft {
  vendorMessageId: string;
  /** null for a status callback, which carries no body: update the message, do not create text. */
  body: string | null;
  deliveryStatus: string | null;
  /** why a message failed (a status callback's ErrorCode) */
  deliveryError?: string | null;
}

export interface EmailDetailDraft {
  subject: string;
  threadId: string | null;
  messageId: string | null;
}

export interface InAppDetailDraft {
  senderRole: "customer" | "staff";
  body: string;
  conversationId: string | null;
}

interface InteractionBase {
  direction: Direction;
  /** When it happened per the vendor; null when the vendor does not say (use receivedAt). */
  occurredAt: Date | null;
  /** The external party. */
  contact: ContactRef | null;
  staff: StaffRef | null;
  summary: string;
}

export type InteractionDraft = InteractionBase &
  (
    | { channel: "call"; call: CallDetailDraft }
    | { channel: MessageChannel; sms: SmsDetailDraft }
    | { channel: "email"; email: EmailDetailDraft }
    | { channel: "in_app"; inApp: InAppDetailDraft }
  );

/** ok:false is an expected outcome (a ringing event, a tag change): the processor skips it. */
export type ToInteractionResult = { ok: true; interaction: InteractionDraft } | { ok: false; reason: string };

export interface InteractionConnector<T> extends Connector<T> {
  toInteraction(payload: unknown, options?: InterpretOptions): ToInteractionResult;
}

// ───────────── identity sources: a stored payload → source-record drafts ─────────────

export type SourceKind = "order" | "sbm" | "aj" | "aj_partner";

/** Fields as the source wrote them (trimmed, blanks → null); identity normalises and judges. */
export interface SourceRecordDraft {
  source: SourceKind;
  externalId: string;
  first_name: string | null;
  last_name: string | null;
  /** SimplyBookMe writes the whole name in one field; identity splits it ("Last, First", notes in brackets). */
  full_name?: string | null;
  email: string | null;
  phone: string | null;
  /** Links an AppointJet partner to its primary booking. */
  booking_id: string | null;
  updated_at: Date | null;
}

export type ToSourceRecordsResult = { ok: true; records: SourceRecordDraft[] } | { ok: false; reason: string };

export interface SourceConnector<T> extends Connector<T> {
  toSourceRecords(payload: unknown): ToSourceRecordsResult;
}
