// Front application webhook bodies: an envelope { type, authorization: { id }, payload }
// whose payload is a Front event (the same object GET /events returns). Only what we read is
// declared; everything else passes through and is stored as sent.
import { z } from "zod";

export const frontRecipient = z.looseObject({
  handle: z.string(),
  role: z.string(), // from | to | cc | bcc | reply-to
  name: z.string().nullish(),
});

export const frontTeammate = z.looseObject({
  id: z.string(),
  email: z.string().nullish(),
  first_name: z.string().nullish(),
  last_name: z.string().nullish(),
});
export type FrontTeammate = z.infer<typeof frontTeammate>;

export const frontMessage = z.looseObject({
  id: z.string(),
  // email, custom, front_chat, sms, whatsapp, intercom, call, …
  type: z.string(),
  is_inbound: z.boolean(),
  created_at: z.number(), // Unix seconds, fractional
  subject: z.string().nullish(),
  blurb: z.string().nullish(),
  body: z.string().nullish(),
  text: z.string().nullish(),
  author: frontTeammate.nullish(),
  recipients: z.array(frontRecipient),
  metadata: z.looseObject({ thread_ref: z.string().optional(), external_id: z.string().optional() }).nullish(),
  attachments: z.array(z.looseObject({ filename: z.string().nullish(), content_type: z.string().nullish() })).nullish(),
});
export type FrontMessage = z.infer<typeof frontMessage>;

export const frontConversation = z.looseObject({
  id: z.string(),
  subject: z.string().nullish(),
  assignee: frontTeammate.nullish(),
});

export const frontEvent = z.looseObject({
  id: z.string(),
  // inbound | outbound | out_reply | forward | assign | tag | comment | …
  type: z.string(),
  emitted_at: z.number(),
  conversation: frontConversation.nullish(),
  source: z.looseObject({ _meta: z.looseObject({ type: z.string() }) }).nullish(),
  target: z
    .looseObject({ _meta: z.looseObject({ type: z.string() }), data: z.unknown() })
    .nullish(),
});
export type FrontEvent = z.infer<typeof frontEvent>;

export const frontEnvelope = z.looseObject({
  // inbound_received | outbound_sent | message_delivery_failed | conversation_archived | … | sync
  type: z.string().min(1),
  authorization: z.looseObject({ id: z.string() }),
  payload: frontEvent.optional(),
});
export type FrontEnvelope = z.infer<typeof frontEnvelope>;

/** Event types whose target is a message. */
export const FRONT_MESSAGE_EVENTS = new Set(["inbound", "outbound", "out_reply", "forward"]);


/** The application webhook's envelope type for a message event (as Front names them). */
export function frontEnvelopeType(eventType: string): string {
  return eventType === "inbound" ? "inbound_received" : "outbound_sent";
}
