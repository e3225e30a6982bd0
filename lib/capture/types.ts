// The shapes every webhook connector shares, whichever room consumes what it captures: raw
// request → verify → parse → interpret → an IncomingEvent draft the route stores. Interactions
// (lib/interactions/connectors) and identity sources (lib/identity/sources) both build on these.
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
