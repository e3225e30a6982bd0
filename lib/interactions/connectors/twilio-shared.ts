// What the Twilio connectors share: the signature check, the TwiML ack, and who is who.
import type { CountryCode } from "libphonenumber-js";
import { publicUrl, verifyTwilioSignature } from "@/lib/vendors/twilio/verify";
import { parseTwilioForm } from "@/lib/vendors/twilio/webhooks";
import { headerValue, type VerifyResult } from "@/lib/vendors/webhook";
import { normalisePhone, phoneContact } from "./contact";
import type { ContactRef, Direction, HttpAnswer, StaffRef, VerifyContext, WebhookRequest } from "./types";

export function verifyTwilioRequest(req: WebhookRequest, ctx: VerifyContext): VerifyResult {
  return verifyTwilioSignature({
    authToken: ctx.secret,
    signature: headerValue(req.headers, "x-twilio-signature"),
    url: publicUrl(req.headers, req.pathAndQuery, ctx.publicBaseUrl),
    params: parseTwilioForm(req.rawBody),
  });
}

/** An empty TwiML document: "stored, nothing to do" (no auto-reply, no warning 12300). */
export const emptyTwiml: HttpAnswer = {
  status: 200,
  contentType: "text/xml",
  body: '<?xml version="1.0" encoding="UTF-8"?><Response/>',
};

const CLIENT = /^client:(.+)$/;

/** Our side of a Twilio exchange: a Voice SDK identity, or a number staff own. */
export function staffFromAddress(address: string | undefined, region?: CountryCode): StaffRef | null {
  if (!address) return null;
  const client = CLIENT.exec(address);
  if (client?.[1]) return { kind: "twilio_client", value: client[1] };
  const phone = normalisePhone(address, region);
  return phone ? { kind: "phone", value: phone } : null;
}

export interface CallParties {
  direction: Direction;
  external: ContactRef | null;
  staff: StaffRef | null;
}

/**
 * Business direction and parties of a call leg. Twilio's Direction is per leg: a softphone
 * placing a call is an "inbound" leg from client:alice, and the leg ringing a softphone is
 * "outbound-dial" to client:alice. Whichever side is a client is staff; otherwise the
 * inbound leg's caller is the customer and an outbound leg's callee is.
 */
export function callParties(from: string, to: string, twilioDirection: string, region?: CountryCode): CallParties {
  if (CLIENT.test(to)) return { direction: "inbound", external: phoneContact(from, region), staff: staffFromAddress(to, region) };
  if (CLIENT.test(from)) return { direction: "outbound", external: phoneContact(to, region), staff: staffFromAddress(from, region) };
  // A SIP trunk's terminating leg comes in from the public network, like an inbound one.
  return twilioDirection === "inbound" || twilioDirection === "trunking-terminating"
    ? { direction: "inbound", external: phoneContact(from, region), staff: staffFromAddress(to, region) }
    : { direction: "outbound", external: phoneContact(to, region), staff: staffFromAddress(from, region) };
}
