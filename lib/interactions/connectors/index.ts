// Every interaction connector (calls, messages, email), and the processor's way back from a stored
// IncomingEvent (vendor + eventType + payload) to the connector that understands it. The order and
// booking connectors are identity's (lib/identity/sources).
import { aircallWebhook } from "./aircall";
import { frontWebhook } from "./front";
import { SMS_RECEIVED, SMS_STATUS, twilioSmsInbound, twilioSmsStatusCallback } from "./twilio-sms";
import { CALL_RECORDING, CALL_STATUS, twilioCallStatus, twilioRecording } from "./twilio-voice";
import type { InteractionConnector, InterpretOptions, ToInteractionResult, Vendor } from "./types";

export { receiveWebhook, type WebhookOutcome } from "@/lib/capture/pipeline";
export type * from "./types";
export { aircallWebhook, frontWebhook };
export { twilioCallStatus, twilioRecording, twilioSmsInbound, twilioSmsStatusCallback };
export { toRecording } from "./twilio-voice";
export { normaliseEmail, normalisePhone } from "./contact";

const TWILIO: Record<string, InteractionConnector<unknown>> = {
  [SMS_RECEIVED]: twilioSmsInbound as InteractionConnector<unknown>,
  [SMS_STATUS]: twilioSmsStatusCallback as InteractionConnector<unknown>,
  [CALL_STATUS]: twilioCallStatus as InteractionConnector<unknown>,
  [CALL_RECORDING]: twilioRecording as InteractionConnector<unknown>,
};

export function interactionConnectorFor(vendor: Vendor, eventType: string): InteractionConnector<unknown> | null {
  if (vendor === "twilio") return TWILIO[eventType] ?? null;
  if (vendor === "aircall") return aircallWebhook as InteractionConnector<unknown>;
  if (vendor === "front") return frontWebhook as InteractionConnector<unknown>;
  return null;
}

/** The processor's step: a stored event → an interaction, or the reason it is none. */
export function toInteraction(vendor: Vendor, eventType: string, payload: unknown, options?: InterpretOptions): ToInteractionResult {
  const connector = interactionConnectorFor(vendor, eventType);
  return connector ? connector.toInteraction(payload, options) : { ok: false, reason: `no interaction connector for ${vendor} ${eventType}` };
}
