// Aircall call webhooks. Every lifecycle event is stored (vendor id `${call id}:${event}`);
// call.ended, sent once the call's data is final, is the interaction.
import type { z } from "zod";
import { verifyAircallToken } from "@/lib/vendors/aircall/verify";
import { aircallCall, aircallEnvelope, type AircallCall } from "@/lib/vendors/aircall/webhooks";
import { phoneContact } from "./contact";
import { badRequest, parseJsonBody, reparse, zodReason } from "./parse";
import { callSummary, fromUnixSeconds } from "./summary";
import type { InteractionConnector, ToInteractionResult } from "./types";

type Envelope = z.infer<typeof aircallEnvelope>;
/** The envelope, with data read as a Call when the resource is a call. */
export type AircallWebhook = Envelope & { call: AircallCall | null };

export const AIRCALL_FINAL_EVENT = "call.ended";

/** answered | voicemail | the vendor's missed reason | missed (inbound) | no_answer (outbound) */
export function aircallOutcome(call: AircallCall): string {
  if (call.answered_at) return "answered";
  if (call.voicemail) return "voicemail";
  if (call.missed_call_reason) return call.missed_call_reason;
  return call.direction === "inbound" ? "missed" : "no_answer";
}

export const aircallWebhook: InteractionConnector<AircallWebhook> = {
  name: "aircall",
  vendor: "aircall",
  ack: { status: 200, contentType: "application/json", body: '{"ok":true}' },
  verify: (req, ctx) => verifyAircallToken(ctx.secret, req.rawBody),
  parse(req) {
    const envelope = parseJsonBody(aircallEnvelope, req.rawBody);
    if (!envelope.ok) return envelope;
    const { data } = envelope.value;
    // The token is a secret: verified already, never stored.
    const { token: _token, ...raw } = envelope.value.raw;
    // Other resources (user, number, contact, message) are stored but not read.
    if (data.resource !== "call") return { ok: true, value: { data: { ...data, call: null }, raw } };
    const call = aircallCall.safeParse(data.data);
    if (!call.success) return badRequest(zodReason(call.error, ["data"]));
    return { ok: true, value: { data: { ...data, call: call.data }, raw } };
  },
  interpret({ data, raw }, _req, options) {
    const id = data.call?.id ?? (data.data as { id?: unknown } | null)?.id;
    if (id === undefined || id === null) return badRequest("data.id: required");
    return {
      ok: true,
      event: {
        vendor: "aircall",
        vendorEventId: `${String(id)}:${data.event}`,
        eventType: data.event,
        occurredAt: fromUnixSeconds(data.timestamp),
        channel: data.call ? "call" : null,
        contact: data.call ? phoneContact(data.call.raw_digits, options?.defaultRegion) : null,
        payload: raw,
      },
    };
  },
  toInteraction(payload, options): ToInteractionResult {
    const parsed = reparse(aircallEnvelope, payload);
    if (!parsed.ok) return parsed;
    if (parsed.data.resource !== "call") return { ok: false, reason: `${parsed.data.resource} resource: not a call` };
    if (parsed.data.event !== AIRCALL_FINAL_EVENT) {
      return { ok: false, reason: `${parsed.data.event}: only ${AIRCALL_FINAL_EVENT} carries the final call` };
    }
    const call = aircallCall.safeParse(parsed.data.data);
    if (!call.success) return { ok: false, reason: `malformed payload: ${zodReason(call.error, ["data"])}` };
    const c = call.data;
    const outcome = aircallOutcome(c);
    const durationSeconds = c.duration ?? null;
    return {
      ok: true,
      interaction: {
        channel: "call",
        direction: c.direction,
        occurredAt: fromUnixSeconds(c.started_at),
        contact: phoneContact(c.raw_digits, options?.defaultRegion),
        staff: c.user ? { kind: "aircall_user", value: String(c.user.id) } : null,
        summary: callSummary(c.direction, outcome, durationSeconds),
        call: { vendorCallId: String(c.id), durationSeconds, outcome, recordingUrl: c.recording ?? c.voicemail ?? null },
      },
    };
  },
};
