// Aircall webhooks. Every verified event is stored, one row per delivery (see deliveryId);
// call.ended, sent once the call's data is final, is the interaction. Anything else in
// Aircall's envelope (other resources, a call we cannot read) is stored and skipped with a
// reason, never refused: Aircall disables a webhook that keeps failing.
import { createHash } from "node:crypto";
import type { z } from "zod";
import { verifyAircallToken } from "@/lib/vendors/aircall/verify";
import { aircallCall, aircallEnvelope, type AircallCall } from "@/lib/vendors/aircall/webhooks";
import { phoneContact } from "./contact";
import { parseJsonBody, reparse, zodReason } from "@/lib/capture/parse";
import { callSummary, fromUnixSeconds } from "./summary";
import type { CallDetailDraft, InteractionConnector, JsonObject, MediaLinkDraft, ToInteractionResult } from "./types";

type Envelope = z.infer<typeof aircallEnvelope>;
/** The envelope, with data read as a Call when the resource is a call. */
export type AircallWebhook = Envelope & { call: AircallCall | null };

export const AIRCALL_FINAL_EVENT = "call.ended";

/** What the data is about: a call's id, or an integration's (integration.* carry no `id`). */
function subjectId(data: unknown): string {
  if (!data || typeof data !== "object") return "-";
  const d = data as Record<string, unknown>;
  const id = d.id ?? d.integration_id;
  return typeof id === "string" || typeof id === "number" ? String(id) : "-";
}

/**
 * One id per delivery. Aircall sends the same event name more than once for one call (a
 * second call.hold, a re-tag), so `${call id}:${event}` would drop real events; a retry
 * of one delivery repeats its body exactly, so the body's hash keeps retries deduplicated.
 * (A call.ended sent again is stored too, and skipped when processed: the call is recorded once.)
 */
export function aircallDeliveryId(envelope: Envelope, raw: JsonObject): string {
  const hash = createHash("sha256").update(JSON.stringify(raw)).digest("hex").slice(0, 16);
  return `${subjectId(envelope.data)}:${envelope.event}:${envelope.timestamp}:${hash}`;
}

/** answered | voicemail | the vendor's missed reason | missed (inbound) | no_answer (outbound) */
export function aircallOutcome(call: AircallCall): string {
  if (call.answered_at) return "answered";
  if (call.voicemail) return "voicemail";
  if (call.missed_call_reason) return call.missed_call_reason;
  return call.direction === "inbound" ? "missed" : "no_answer";
}

/**
 * Aircall's recording and voicemail links are pre-signed and expire (X-Amz-Expires=600): they
 * are fetched into our media store; what is kept as the call's link is the stable `asset`.
 */
function aircallMedia(c: AircallCall): Pick<CallDetailDraft, "recordingUrl" | "media"> {
  const media: MediaLinkDraft[] = [];
  if (c.recording) media.push({ kind: "recording", url: c.recording });
  if (c.voicemail) media.push({ kind: "voicemail", url: c.voicemail });
  return { recordingUrl: media.length ? (c.asset ?? null) : null, media };
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
    // Other resources (user, number, contact, integration) are stored but not read; a call
    // we cannot read is stored too, and the processor says why it is skipped.
    const call = data.resource === "call" ? aircallCall.safeParse(data.data) : null;
    return { ok: true, value: { data: { ...data, call: call?.success ? call.data : null }, raw } };
  },
  interpret({ data, raw }, _req, options) {
    return {
      ok: true,
      event: {
        vendor: "aircall",
        vendorEventId: aircallDeliveryId(data, raw),
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
        call: { vendorCallId: String(c.id), durationSeconds, outcome, ...aircallMedia(c) },
      },
    };
  },
};
