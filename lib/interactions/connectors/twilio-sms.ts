// Twilio messaging: incoming messages, and status callbacks for messages we sent.
import { isTwilioMessageStatus, twilioInboundSms, twilioSmsStatus, type TwilioInboundSms, type TwilioSmsStatus } from "@/lib/vendors/twilio/webhooks";
import { phoneContact } from "./contact";
import { parseFormBody, reparse } from "@/lib/capture/parse";
import { truncate } from "./summary";
import { emptyTwiml, staffFromAddress, verifyTwilioRequest } from "./twilio-shared";
import type { InteractionConnector, InterpretOptions, MessageChannel, ToInteractionResult } from "./types";

export const SMS_RECEIVED = "sms.received";
export const SMS_STATUS = "sms.status";

/** Twilio writes WhatsApp addresses `whatsapp:+614…`; everything else on these webhooks is SMS/MMS. */
export const twilioMessageChannel = (...addresses: (string | undefined)[]): MessageChannel =>
  addresses.some((a) => a?.toLowerCase().startsWith("whatsapp:")) ? "whatsapp" : "sms";

const MEDIA_KIND: [RegExp, string, string][] = [
  [/^image\//, "photo", "photos"],
  [/^video\//, "video", "videos"],
  [/^audio\//, "voice message", "voice messages"],
];

/** "photo", "2 photos", "photo, video", "file": what a message's media are, from MediaContentType0…n. */
export function mediaSummary(params: Record<string, unknown>, count: number): string {
  const kinds = new Map<string, number>();
  for (let i = 0; i < count; i++) {
    const type = String(params[`MediaContentType${i}`] ?? "");
    const kind = MEDIA_KIND.find(([re]) => re.test(type));
    const key = kind ? kind[1] : "file";
    kinds.set(key, (kinds.get(key) ?? 0) + 1);
  }
  return [...kinds]
    .map(([one, n]) => (n === 1 ? one : `${n} ${MEDIA_KIND.find(([, o]) => o === one)?.[2] ?? "files"}`))
    .join(", ");
}

export const twilioSmsInbound: InteractionConnector<TwilioInboundSms> = {
  name: "twilio-sms-inbound",
  vendor: "twilio",
  ack: emptyTwiml,
  verify: verifyTwilioRequest,
  parse: (req) => parseFormBody(twilioInboundSms, req.rawBody),
  interpret({ data, raw }, _req, options) {
    return {
      ok: true,
      event: {
        vendor: "twilio",
        // One message, one event: a retry of the same webhook is a no-op.
        vendorEventId: data.MessageSid,
        eventType: SMS_RECEIVED,
        occurredAt: null, // Twilio sends no timestamp with a message
        channel: twilioMessageChannel(data.From, data.To),
        contact: phoneContact(data.From, options?.defaultRegion),
        payload: raw,
      },
    };
  },
  toInteraction(payload: unknown, options?: InterpretOptions): ToInteractionResult {
    const parsed = reparse(twilioInboundSms, payload);
    if (!parsed.ok) return parsed;
    const m = parsed.data;
    const media = Number(m.NumMedia ?? "0");
    const what = media > 0 ? mediaSummary(m, media) : "";
    const text = m.Body.trim();
    const summary = text && what ? `${text} (+ ${what})` : text || (what ? `Sent ${what}` : "(empty message)");
    return {
      ok: true,
      interaction: {
        channel: twilioMessageChannel(m.From, m.To),
        direction: "inbound",
        occurredAt: null,
        contact: phoneContact(m.From, options?.defaultRegion),
        staff: staffFromAddress(m.To, options?.defaultRegion),
        summary: truncate(summary),
        sms: { vendorMessageId: m.MessageSid, body: m.Body, deliveryStatus: "received" },
      },
    };
  },
};

// What a status callback's ErrorCode means, for the timeline (https://www.twilio.com/docs/api/errors).
const ERROR_TEXT: Record<string, string> = {
  "30003": "unreachable destination handset",
  "30004": "message blocked",
  "30005": "unknown destination handset",
  "30006": "landline or unreachable carrier",
  "30007": "filtered as spam by the carrier",
  "30008": "unknown error",
};

export function smsErrorText(code: string): string {
  const text = ERROR_TEXT[code];
  return text ? `Twilio error ${code}: ${text}` : `Twilio error ${code}`;
}

export const twilioSmsStatusCallback: InteractionConnector<TwilioSmsStatus> = {
  name: "twilio-sms-status",
  vendor: "twilio",
  ack: emptyTwiml,
  verify: verifyTwilioRequest,
  parse: (req) => parseFormBody(twilioSmsStatus, req.rawBody),
  interpret({ data, raw }, _req, options) {
    return {
      ok: true,
      event: {
        vendor: "twilio",
        // Each distinct status is its own event; a retry of the same status is a no-op.
        vendorEventId: `${data.MessageSid}:${data.MessageStatus}`,
        eventType: SMS_STATUS,
        occurredAt: null,
        channel: twilioMessageChannel(data.From, data.To),
        contact: phoneContact(data.To, options?.defaultRegion),
        payload: raw,
      },
    };
  },
  toInteraction(payload: unknown, options?: InterpretOptions): ToInteractionResult {
    const parsed = reparse(twilioSmsStatus, payload);
    if (!parsed.ok) return parsed;
    const s = parsed.data;
    if (!isTwilioMessageStatus(s.MessageStatus)) return { ok: false, reason: `unknown message status "${s.MessageStatus}"` };
    if (s.MessageStatus === "received" || s.MessageStatus === "receiving") {
      return { ok: false, reason: "status of an incoming message: the message itself comes by the inbound webhook" };
    }
    const error = s.ErrorCode ? ` (error ${s.ErrorCode})` : "";
    return {
      ok: true,
      interaction: {
        channel: twilioMessageChannel(s.From, s.To),
        direction: "outbound",
        occurredAt: null,
        contact: phoneContact(s.To, options?.defaultRegion),
        staff: staffFromAddress(s.From, options?.defaultRegion),
        summary: `Outbound ${twilioMessageChannel(s.From, s.To) === "whatsapp" ? "WhatsApp message" : "SMS"} ${s.MessageStatus}${error}`,
        sms: { vendorMessageId: s.MessageSid, body: null, deliveryStatus: s.MessageStatus, deliveryError: s.ErrorCode ? smsErrorText(s.ErrorCode) : null },
      },
    };
  },
};
