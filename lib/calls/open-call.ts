/**
 * Opening a PhoneCall: the inbound voice webhook (a caller dialled our number)
 * and a staff member's outbound call. Both create the row in state `ringing`
 * with the machine's context and drop the start event in its mailbox, in one
 * transaction; a worker's actor takes it from there. Inbound is idempotent on
 * Twilio's CallSid: a retried webhook finds the row and creates nothing.
 */
import { randomBytes } from "node:crypto";
import type { CountryCode } from "libphonenumber-js";
import type { Db } from "@/lib/db/client";
import { resolveContact } from "@/lib/identity/contact-resolver";
import { normalisePhone } from "@/lib/interactions/connectors/contact";
import type { CallConfig } from "./config";
import { newCallContext, type CallEvent } from "./machine";
import { enqueue, machineMail } from "./mailbox";
import type { ActorContext } from "./schemas";

export interface OpenedCall {
  id: string;
  conferenceName: string;
  created: boolean;
}

export async function openInboundCall(db: Db, input: { callSid: string; from: string; to: string }, config: CallConfig): Promise<OpenedCall> {
  const existing = await findBySid(db, input.callSid);
  if (existing) return { ...existing, created: false };
  // Identify before the insert: a read, and the call is not visible to anyone until it commits.
  const personId = await identify(db, input.from, config.defaultRegion as CountryCode, new Date());
  const preferredStaffId = personId ? await preferredStaff(db, personId) : null;
  const ctx = newCallContext({
    callSid: input.callSid,
    direction: "inbound",
    ringTimeoutMs: config.ringTimeoutMs,
    maxAttempts: config.maxAttempts,
    voicemailWaitMs: config.voicemailWaitMs,
    queueMaxWaitMs: config.queueMaxWaitMs,
  });
  ctx.personId = personId;
  const start: CallEvent = { type: "call_started", personId, preferredStaffId };
  const created = await insertCall(db, { callSid: input.callSid, direction: "inbound", from: input.from, to: input.to, personId, staffId: null }, ctx, start);
  if (created) return { id: created, conferenceName: ctx.conferenceName, created: true };
  const raced = await findBySid(db, input.callSid); // the same webhook, retried while we worked
  if (!raced) throw new Error(`phone call ${input.callSid} neither inserted nor found`);
  return { ...raced, created: false };
}

export async function openOutboundCall(
  db: Db,
  input: { staffId: string; to: string; personId: string | null },
  config: CallConfig,
): Promise<{ ok: true; id: string } | { ok: false; reason: "invalid_number" | "unknown_person" }> {
  const to = normalisePhone(input.to, config.defaultRegion as CountryCode);
  if (!to) return { ok: false, reason: "invalid_number" };
  if (input.personId && !(await db.person.findUnique({ where: { id: input.personId }, select: { id: true } }))) {
    return { ok: false, reason: "unknown_person" };
  }
  const personId = input.personId ?? (await identify(db, to, config.defaultRegion as CountryCode, new Date()));
  // No Twilio call exists yet: the PhoneCall's key is ours ("OB" + 32 hex, shaped like a CallSid).
  const key = `OB${randomBytes(16).toString("hex")}`;
  const ctx = newCallContext({ callSid: key, direction: "outbound", ringTimeoutMs: config.ringTimeoutMs, maxAttempts: config.maxAttempts });
  const start: CallEvent = { type: "outbound_started", staffId: input.staffId, personId, to };
  const id = await insertCall(db, { callSid: key, direction: "outbound", from: config.callerId, to, personId, staffId: input.staffId }, ctx, start);
  if (!id) throw new Error("a fresh outbound call key collided");
  return { ok: true, id };
}

type NewRow = { callSid: string; direction: "inbound" | "outbound"; from: string; to: string; personId: string | null; staffId: string | null };

async function insertCall(db: Db, row: NewRow, ctx: ActorContext["call"], start: CallEvent): Promise<string | null> {
  const context: ActorContext = { call: ctx, legs: {} };
  return db.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<{ id: string }[]>`
      INSERT INTO phone_calls (call_sid, direction, from_number, to_number, person_id, staff_id, state, context)
      VALUES (${row.callSid}, ${row.direction}::"Direction", ${row.from}, ${row.to}, ${row.personId}::uuid, ${row.staffId}::uuid,
              'ringing', ${JSON.stringify(context)}::jsonb)
      ON CONFLICT (call_sid) DO NOTHING
      RETURNING id::text`;
    const id = rows[0]?.id;
    if (!id) return null;
    await enqueue(tx, { callId: id, dedupeKey: "start", mail: machineMail(start) });
    return id;
  });
}

async function findBySid(db: Db, callSid: string): Promise<Omit<OpenedCall, "created"> | null> {
  const rows = await db.$queryRaw<{ id: string; conference_name: string }[]>`
    SELECT id::text, context->'call'->>'conferenceName' AS conference_name FROM phone_calls WHERE call_sid = ${callSid}`;
  const r = rows[0];
  return r ? { id: r.id, conferenceName: r.conference_name } : null;
}

/** The person who owned the calling number at the time of the call (the temporal resolver). */
async function identify(db: Db, number: string, region: CountryCode, at: Date): Promise<string | null> {
  const phone = normalisePhone(number, region);
  if (!phone) return null;
  const r = await resolveContact(db, "person", { kind: "phone", value: phone, at });
  return r.ok ? r.id : null;
}

/** The staff member this person last spoke with on a call, else the one assigned to them. */
async function preferredStaff(db: Db, personId: string): Promise<string | null> {
  const rows = await db.$queryRaw<{ staff_id: string | null }[]>`
    SELECT COALESCE(
      (SELECT staff_id::text FROM interaction_events
        WHERE person_id = ${personId}::uuid AND channel = 'call' AND staff_id IS NOT NULL
        ORDER BY occurred_at DESC LIMIT 1),
      (SELECT assigned_staff_id::text FROM persons WHERE id = ${personId}::uuid)) AS staff_id`;
  return rows[0]?.staff_id ?? null;
}
