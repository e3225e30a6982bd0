// The interaction connectors' half: a stored payload → the fields a processor needs. The
// shapes shared with identity sources (Connector, IncomingEventDraft, …) live in lib/capture.
import type { Connector, ContactKind, ContactRef, Direction, InterpretOptions, MessageChannel } from "@/lib/capture/types";

export type * from "@/lib/capture/types";

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
