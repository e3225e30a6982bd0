/**
 * Creating Twilio legs exactly once. Twilio's Calls API has no idempotency key,
 * so the call_legs row is written BEFORE Twilio is asked and completed with the
 * CallSid after. A worker that finds the row without a CallSid died in between:
 * before creating another leg it looks for the first one, in the call's mailbox
 * (the leg's own status callbacks name the leg) and then at Twilio (a live leg
 * to the same party that no call of ours has recorded).
 */
import type { Db } from "@/lib/db/client";
import { isPermanent } from "@/lib/vendors/twilio/errors";
import type { CallDeps } from "./deps";

export interface LegSpec {
  callId: string;
  legKey: string;
  staffId: string | null;
  /** the party: what Twilio reports as the leg's To, recorded and searched for */
  to: string;
  /** what Twilio is asked to ring when it says more than the party (a client's custom parameters); default `to` */
  dialTo?: string;
  from: string;
  twimlUrl: string;
  statusUrl: string;
  timeoutSec: number;
}

export type EnsureLeg =
  | { ok: true; callSid: string; how: "created" | "existing" | "adopted" }
  | { ok: false; reason: string };

const ALIVE = new Set(["queued", "initiated", "ringing", "in-progress"]);

export async function ensureLeg(deps: CallDeps, spec: LegSpec): Promise<EnsureLeg> {
  const { db, twilio } = deps;
  const row = (
    await db.$queryRaw<{ call_sid: string | null }[]>`
      SELECT call_sid FROM call_legs WHERE phone_call_id = ${spec.callId}::uuid AND leg_key = ${spec.legKey}`
  )[0];
  if (row?.call_sid) return { ok: true, callSid: row.call_sid, how: "existing" };
  if (row) {
    const lost = await findLostLeg(deps, spec);
    if (lost) {
      await recordSid(db, spec, lost);
      return { ok: true, callSid: lost, how: "adopted" };
    }
  } else {
    await db.$executeRaw`
      INSERT INTO call_legs (phone_call_id, leg_key, staff_id, to_address)
      VALUES (${spec.callId}::uuid, ${spec.legKey}, ${spec.staffId}::uuid, ${spec.to})
      ON CONFLICT (phone_call_id, leg_key) DO NOTHING`;
  }
  try {
    const created = await twilio.calls.create({
      to: spec.dialTo ?? spec.to,
      from: spec.from,
      url: spec.twimlUrl,
      method: "POST",
      statusCallback: spec.statusUrl,
      statusCallbackMethod: "POST",
      statusCallbackEvent: ["initiated", "ringing", "answered", "completed"],
      timeout: spec.timeoutSec,
    });
    await recordSid(db, spec, created.sid);
    return { ok: true, callSid: created.sid, how: "created" };
  } catch (e) {
    if (isPermanent(e)) return { ok: false, reason: e instanceof Error ? e.message : "rejected by Twilio" };
    throw e; // 5xx, 429, network: the actor retries, and this function looks before it creates again
  }
}

async function recordSid(db: Db, spec: LegSpec, callSid: string): Promise<void> {
  await db.$executeRaw`
    UPDATE call_legs SET call_sid = ${callSid} WHERE phone_call_id = ${spec.callId}::uuid AND leg_key = ${spec.legKey} AND call_sid IS NULL`;
}

async function findLostLeg(deps: CallDeps, spec: LegSpec): Promise<string | null> {
  const fromMailbox = await legSidFromMailbox(deps.db, spec.callId, spec.legKey);
  if (fromMailbox) return fromMailbox;
  const live = (await deps.twilio.calls.list({ to: spec.to, limit: 50 })).filter((c) => ALIVE.has(c.status));
  if (live.length === 0) return null;
  const known = new Set(
    (
      await deps.db.$queryRaw<{ call_sid: string }[]>`
        SELECT call_sid FROM call_legs WHERE call_sid = ANY(${live.map((c) => c.sid)}::text[])`
    ).map((r) => r.call_sid),
  );
  // The party was claimed for this call alone (presence busy), so a live leg to it that no call recorded is ours.
  return live.find((c) => !known.has(c.sid))?.sid ?? null;
}

async function legSidFromMailbox(db: Db, callId: string, legKey: string): Promise<string | null> {
  const rows = await db.$queryRaw<{ sid: string }[]>`
    SELECT payload->>'callSid' AS sid FROM call_events
     WHERE phone_call_id = ${callId}::uuid AND kind = 'status' AND leg = ${legKey} ORDER BY id LIMIT 1`;
  return rows[0]?.sid ?? null;
}

/** The CallSid of a leg this call created, if it got that far (for hang-ups and probes). */
export async function legSid(db: Db, callId: string, legKey: string): Promise<string | null> {
  const rows = await db.$queryRaw<{ call_sid: string | null }[]>`
    SELECT call_sid FROM call_legs WHERE phone_call_id = ${callId}::uuid AND leg_key = ${legKey}`;
  return rows[0]?.call_sid ?? (await legSidFromMailbox(db, callId, legKey));
}
