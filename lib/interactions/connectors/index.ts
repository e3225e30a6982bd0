// Every webhook connector, and the processor's way back from a stored IncomingEvent
// (vendor + eventType + payload) to the connector that understands it.
import { aircallWebhook } from "./aircall";
import { appointjetBookings } from "./appointjet";
import { frontWebhook } from "./front";
import { shopifyOrders } from "./shopify";
import { simplybookBookings } from "./simplybook";
import { SMS_RECEIVED, SMS_STATUS, twilioSmsInbound, twilioSmsStatusCallback } from "./twilio-sms";
import { CALL_RECORDING, CALL_STATUS, twilioCallStatus, twilioRecording } from "./twilio-voice";
import type { InteractionConnector, InterpretOptions, SourceConnector, ToInteractionResult, ToSourceRecordsResult, Vendor } from "./types";

export { receiveWebhook, type WebhookOutcome } from "./pipeline";
export type * from "./types";
export { aircallWebhook, appointjetBookings, frontWebhook, shopifyOrders, simplybookBookings };
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

export function sourceConnectorFor(vendor: Vendor): SourceConnector<unknown> | null {
  if (vendor === "shopify") return shopifyOrders as SourceConnector<unknown>;
  if (vendor === "simplybook") return simplybookBookings as SourceConnector<unknown>;
  if (vendor === "appointjet") return appointjetBookings as SourceConnector<unknown>;
  return null;
}

/** The processor's step: a stored event → an interaction, or the reason it is none. */
export function toInteraction(vendor: Vendor, eventType: string, payload: unknown, options?: InterpretOptions): ToInteractionResult {
  const connector = interactionConnectorFor(vendor, eventType);
  return connector ? connector.toInteraction(payload, options) : { ok: false, reason: `no interaction connector for ${vendor} ${eventType}` };
}

export function toSourceRecords(vendor: Vendor, payload: unknown): ToSourceRecordsResult {
  const connector = sourceConnectorFor(vendor);
  return connector ? connector.toSourceRecords(payload) : { ok: false, reason: `${vendor} is not an identity source` };
}
