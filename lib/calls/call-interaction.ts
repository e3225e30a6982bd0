/**
 * A finished call on the person's timeline: one InteractionEvent + CallDetail
 * per PhoneCall (and the last word on which staff the call holds: none). The interaction's id is derived from the PhoneCall's id, so the
 * effect that writes it can run twice (a worker died after writing, before
 * marking the effect done) and the second run inserts nothing.
 */
import { createHash } from "node:crypto";
import type { Db } from "@/lib/db/client";
import { offerToQueue } from "@/lib/staff/presence";
import { presenceChanged } from "@/lib/staff/presence-news";
import { callSummary } from "@/lib/interactions/connectors/summary";
import type { CallEffect, EndReason } from "./machine";
import type { LoadedCall } from "./store";

type RecordInteraction = Extract<CallEffect, { type: "record_interaction" }>;

/** A name-based (v5-style) UUID: the same PhoneCall always gives the same interaction id. */
export function interactionIdFor(phoneCallId: string): string {
  const h = createHash("sha1").update(`switchboard:phone-call-interaction:${phoneCallId}`).digest();
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const hex = h.subarray(0, 16).toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The CallDetail outcome words the timeline already uses (see connectors/types.ts). */
export function callOutcome(reason: EndReason, connectedStaffId: string | null): string {
  if (reason === "voicemail_recorded") return "voicemail";
  if (reason === "failed") return "failed";
  if (connectedStaffId) return "answered";
  switch (reason) {
    case "person_unreachable":
      return "no_answer";
    case "staff_unreachable":
    case "hangup_requested":
      return "canceled";
    case "caller_hung_up":
    case "staff_hung_up":
    case "conference_ended":
    case "voicemail_no_recording":
    case "caller_gone_on_resume":
      return "missed";
    default: {
      const never: never = reason;
      return never;
    }
  }
}

type Times = { answered_at: Date | null; ended_at: Date | null };

export async function writeCallInteraction(db: Db, call: LoadedCall, effect: RecordInteraction): Promise<{ interactionId: string; written: boolean }> {
  const ctx = call.actor.call;
  const interactionId = interactionIdFor(call.id);
  const times = (await db.$queryRaw<Times[]>`SELECT answered_at, ended_at FROM phone_calls WHERE id = ${call.id}::uuid`)[0];
  const outcome = callOutcome(effect.endReason, effect.staffId);
  const talked =
    effect.staffId && times?.answered_at ? Math.max(0, Math.round(((times.ended_at ?? new Date()).getTime() - times.answered_at.getTime()) / 1000)) : null;
  const duration = outcome === "voicemail" ? (ctx.recording ? Math.round(ctx.recording.durationSec) : null) : talked;
  const vendorCallId = ctx.direction === "inbound" ? ctx.callSid : (ctx.person?.callSid ?? ctx.callSid);
  const summary = callSummary(ctx.direction, outcome, duration);
  const written = await db.$transaction(async (tx) => {
    const n = await tx.$executeRaw`
      INSERT INTO interaction_events (id, person_id, staff_id, channel, direction, occurred_at, summary)
      VALUES (${interactionId}::uuid, ${ctx.personId}::uuid, ${effect.staffId}::uuid, 'call', ${ctx.direction}::"Direction", ${call.startedAt}, ${summary})
      ON CONFLICT (id) DO NOTHING`;
    await tx.$executeRaw`
      INSERT INTO call_details (interaction_id, vendor_call_id, duration_seconds, outcome, recording_url)
      VALUES (${interactionId}::uuid, ${vendorCallId}, ${duration}::int, ${outcome}, ${ctx.recording?.url ?? null})
      ON CONFLICT (interaction_id) DO NOTHING`;
    if (!ctx.personId && call.direction === "inbound") {
      await queueUnknownCaller(tx, call, interactionId, duration, times?.ended_at ?? null);
    }
    // A finished call holds nobody: free a staff member reserved for a leg that was never
    // dialled (the caller hung up while staff were being found). Those it connected were
    // released, with their lastCallEndedAt, by the effects before this one.
    const freed = await tx.$queryRaw<{ id: string }[]>`
      UPDATE staff SET presence = 'available', busy_call_id = NULL, presence_changed_at = now()
       WHERE busy_call_id = ${call.id}::uuid AND presence = 'busy'
      RETURNING id::text`;
    if (freed.length > 0) {
      await offerToQueue(tx, freed.length);
      await presenceChanged(tx, freed.map((f) => ({ id: f.id, presence: "available" })));
    }
    return n === 1;
  });
  return { interactionId, written };
}

type Tx = Pick<Db, "$queryRaw" | "$executeRaw">;
const UNKNOWN_ACCOUNT = "AC00000000000000000000000000000000";

/**
 * A call from a number nobody owns is on the record with no person. It also
 * goes to the Unidentified Contacts queue, as the IncomingEvent Twilio's final
 * status callback would have made (same vendor event id, so a real callback
 * for the same call is the same event), linked to this interaction. When ops
 * link the number, reprocessing fills the person in on this very interaction.
 */
async function queueUnknownCaller(tx: Tx, call: LoadedCall, interactionId: string, duration: number | null, endedAt: Date | null): Promise<void> {
  const callSid = call.actor.call.callSid;
  // Twilio's Timestamp has whole seconds; the event's time is that instant, as for a real callback,
  // so the time the processor resolves at and the time an ops link starts from agree.
  const at = new Date(Math.floor((endedAt ?? call.startedAt).getTime() / 1000) * 1000);
  const payload = {
    CallSid: callSid,
    AccountSid: process.env.TWILIO_ACCOUNT_SID ?? UNKNOWN_ACCOUNT,
    CallStatus: "completed",
    From: call.fromNumber,
    To: call.toNumber,
    Direction: "inbound",
    ...(duration !== null ? { CallDuration: String(duration) } : {}),
    Timestamp: at.toUTCString().replace("GMT", "+0000"),
  };
  const rows = await tx.$queryRaw<{ id: string }[]>`
    INSERT INTO incoming_events (vendor, vendor_event_id, event_type, payload, occurred_at, contact_kind, contact_value)
    VALUES ('twilio', ${`${callSid}:completed`}, 'call.status', ${JSON.stringify(payload)}::jsonb, ${at}, 'phone', ${call.fromNumber})
    ON CONFLICT (vendor, vendor_event_id) DO UPDATE SET vendor_event_id = EXCLUDED.vendor_event_id
    RETURNING id::text`;
  const eventId = rows[0]?.id;
  if (!eventId) return;
  await tx.$executeRaw`
    UPDATE interaction_events SET incoming_event_id = ${eventId}::uuid
     WHERE id = ${interactionId}::uuid AND incoming_event_id IS NULL
       AND NOT EXISTS (SELECT 1 FROM interaction_events WHERE incoming_event_id = ${eventId}::uuid)`;
}
