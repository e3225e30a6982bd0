// Front application webhooks: inbound and outbound messages (email, SMS, in-app channels).
import type { CountryCode } from "libphonenumber-js";
import { frontChallengeAnswer, verifyFrontSignature } from "@/lib/vendors/front/verify";
import { FRONT_MESSAGE_EVENTS, frontEnvelope, frontMessage, type FrontEnvelope, type FrontEvent, type FrontMessage } from "@/lib/vendors/front/webhooks";
import { headerValue } from "@/lib/vendors/webhook";
import { emailContact, handleContact, phoneContact } from "./contact";
import { badRequest, parseJsonBody, reparse, zodReason } from "@/lib/capture/parse";
import { fromUnixSeconds, truncate } from "./summary";
import type { Channel, ContactRef, InteractionConnector, InteractionDraft, StaffRef, ToInteractionResult } from "./types";

type MessageOf = { ok: true; message: FrontMessage | null } | { ok: false; reason: string };

/** The message a message event targets; null for events about something else (tags, assignment). */
function messageOf(event: FrontEvent): MessageOf {
  if (!FRONT_MESSAGE_EVENTS.has(event.type)) return { ok: true, message: null };
  if (event.target?._meta.type !== "message") return { ok: false, reason: `payload.target: a ${event.type} event targets a message` };
  const parsed = frontMessage.safeParse(event.target.data);
  return parsed.success
    ? { ok: true, message: parsed.data }
    : { ok: false, reason: zodReason(parsed.error, ["payload", "target", "data"]) };
}

/** Front message type → our channel; calls come from the phone vendors, not Front. */
export function frontChannel(messageType: string): Channel | null {
  if (messageType === "email") return "email";
  if (messageType === "sms") return "sms";
  if (messageType === "whatsapp") return "whatsapp";
  if (messageType === "call" || messageType === "phone-call") return null;
  return "in_app"; // custom channels, front_chat, intercom, …
}

function contactOf(handle: string | undefined, channel: Channel, region?: CountryCode): ContactRef | null {
  if (channel === "email") return emailContact(handle);
  if (channel === "sms" || channel === "whatsapp") return phoneContact(handle, region);
  return handleContact(handle, region);
}

const recipient = (m: FrontMessage, role: string) => m.recipients.find((r) => r.role === role)?.handle;

/** The customer: who wrote an inbound message, or whom an outbound one went to. */
function externalHandle(m: FrontMessage): string | undefined {
  return m.is_inbound ? recipient(m, "from") : (recipient(m, "to") ?? recipient(m, "cc"));
}

function staffOf(m: FrontMessage, event: FrontEvent, channel: Channel, region?: CountryCode): StaffRef | null {
  if (!m.is_inbound && m.author?.id) return { kind: "front_teammate", value: m.author.id };
  // The assignee of an inbound message's conversation is a hint, not a party: the customer's
  // message is kept whether or not that teammate is mapped to a staff member yet.
  if (m.is_inbound && event.conversation?.assignee?.id) return { kind: "front_teammate", value: event.conversation.assignee.id, optional: true };
  // Otherwise our side's handle: the address or number written to (a hint, like the assignee:
  // a customer's message never waits on our side), or the one an outbound message came from.
  if (m.is_inbound) {
    const ours = contactOf(recipient(m, "to"), channel, region);
    return ours && { ...ours, optional: true };
  }
  return contactOf(recipient(m, "from"), channel, region);
}

const stripHtml = (html: string) => html.replace(/<br\s*\/?>/gi, "\n").replace(/<[^>]*>/g, "").replace(/&nbsp;/g, " ");
const plainText = (m: FrontMessage) => (m.text ?? (m.body ? stripHtml(m.body) : (m.blurb ?? ""))).trim();

/** A message with no text: what it carried instead. */
function attachmentSummary(m: FrontMessage): string {
  const files = m.attachments ?? [];
  if (files.length === 0) return "(empty message)";
  const names = files.map((f) => f.filename).filter(Boolean).join(", ");
  return `Sent ${files.length === 1 ? "an attachment" : `${files.length} attachments`}${names ? `: ${names}` : ""}`;
}

export function frontInteraction(event: FrontEvent, m: FrontMessage, region?: CountryCode): InteractionDraft | null {
  const channel = frontChannel(m.type);
  if (!channel) return null;
  const base = {
    direction: m.is_inbound ? ("inbound" as const) : ("outbound" as const),
    occurredAt: fromUnixSeconds(m.created_at),
    contact: contactOf(externalHandle(m), channel, region),
    staff: staffOf(m, event, channel, region),
  };
  const text = plainText(m);
  const conversationId = event.conversation?.id ?? null;
  switch (channel) {
    case "email": {
      const subject = m.subject ?? event.conversation?.subject ?? "(no subject)";
      return { ...base, channel, summary: truncate(`${subject} — ${m.blurb ?? text}`), email: { subject, threadId: conversationId, messageId: m.id } };
    }
    case "sms":
    case "whatsapp":
      return { ...base, channel, summary: truncate(text || attachmentSummary(m)), sms: { vendorMessageId: m.id, body: text, deliveryStatus: null } };
    default:
      return {
        ...base,
        channel: "in_app",
        summary: truncate(text || attachmentSummary(m)),
        inApp: { senderRole: m.is_inbound ? "customer" : "staff", body: text, conversationId },
      };
  }
}

export const frontWebhook: InteractionConnector<FrontEnvelope> = {
  name: "front",
  vendor: "front",
  ack: { status: 200, contentType: "application/json", body: '{"ok":true}' },
  verify: (req, ctx) =>
    verifyFrontSignature({
      secret: ctx.secret,
      signature: headerValue(req.headers, "x-front-signature"),
      timestamp: headerValue(req.headers, "x-front-request-timestamp"),
      rawBody: req.rawBody,
      now: ctx.now,
    }),
  handshake(req) {
    const challenge = headerValue(req.headers, "x-front-challenge");
    return challenge ? frontChallengeAnswer(challenge) : null;
  },
  parse: (req) => parseJsonBody(frontEnvelope, req.rawBody),
  interpret({ data, raw }, _req, options) {
    if (data.type === "sync") return badRequest("sync request without x-front-challenge");
    if (!data.payload) return badRequest("payload: required for a Front event");
    // A message we cannot read is stored all the same; the processor skips it with the reason.
    const target = messageOf(data.payload);
    const interaction = target.ok && target.message ? frontInteraction(data.payload, target.message, options?.defaultRegion) : null;
    return {
      ok: true,
      event: {
        vendor: "front",
        vendorEventId: data.payload.id,
        eventType: data.type,
        occurredAt: fromUnixSeconds(data.payload.emitted_at),
        channel: interaction?.channel ?? null,
        contact: interaction?.contact ?? null,
        payload: raw,
      },
    };
  },
  toInteraction(payload, options): ToInteractionResult {
    const parsed = reparse(frontEnvelope, payload);
    if (!parsed.ok) return parsed;
    const event = parsed.data.payload;
    if (!event) return { ok: false, reason: `${parsed.data.type}: no event payload` };
    const target = messageOf(event);
    if (!target.ok) return target;
    if (!target.message) return { ok: false, reason: `${event.type} event: not a message` };
    const interaction = frontInteraction(event, target.message, options?.defaultRegion);
    return interaction ? { ok: true, interaction } : { ok: false, reason: `${target.message.type} message: not captured from Front` };
  },
};
