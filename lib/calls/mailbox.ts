/**
 * A call's mailbox (table call_events). The web drops Twilio callbacks and staff
 * commands in it and answers at once; the worker drops in the results of effects
 * and timers. Only the call's lease holder reads it, in id order. Each row has a
 * dedupe key derived from what it is (a callback's CallSid + SequenceNumber, a
 * command's request id, an effect's key), so a retried webhook or a re-run
 * effect inserts nothing.
 */
import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { TWILIO_CALL_STATUSES, type CallEvent } from "./machine";
import { callEventSchema } from "./schemas";

type Sql = Pick<Db, "$executeRaw" | "$queryRaw">;

const statusPayload = z.object({
  callSid: z.string(),
  status: z.enum(TWILIO_CALL_STATUSES),
  sequenceNumber: z.number().int().nonnegative(),
  timestamp: z.string(),
  /** seconds, on the final callback */
  duration: z.number().int().nonnegative().nullable(),
});
const conferencePayload = z.object({
  conferenceSid: z.string(),
  event: z.string(),
  callSid: z.string().nullable(),
  sequenceNumber: z.number().int().nonnegative(),
});
const recordingPayload = z.object({
  recordingSid: z.string(),
  recordingUrl: z.string(),
  status: z.string(),
  durationSec: z.number().nonnegative(),
});

/** A mailbox row as written: kind, the leg it concerns, and its payload. */
export const mailSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("status"), leg: z.string(), payload: statusPayload }),
  z.object({ kind: z.literal("conference"), leg: z.null(), payload: conferencePayload }),
  z.object({ kind: z.literal("recording"), leg: z.null(), payload: recordingPayload }),
  z.object({ kind: z.literal("voicemail_done"), leg: z.null(), payload: z.object({ recordingSid: z.string().nullable() }) }),
  z.object({ kind: z.literal("machine"), leg: z.null(), payload: callEventSchema }),
  z.object({ kind: z.literal("timer"), leg: z.null(), payload: callEventSchema }),
  /** stop waiting for a missing SequenceNumber on this leg tracker */
  z.object({ kind: z.literal("flush"), leg: z.string(), payload: z.object({}) }),
]);
export type Mail = z.infer<typeof mailSchema>;
export type StatusMail = Extract<Mail, { kind: "status" }>;

export interface Enqueue {
  callId: string;
  dedupeKey: string;
  mail: Mail;
  /** a timer: invisible to the actor until then */
  dueInMs?: number;
}

/**
 * Insert once; false when a row with this dedupe key is already there, or when
 * there is no such call (a callback naming a call we never had is not an outage:
 * it must not make Twilio retry).
 */
export async function enqueue(db: Sql, e: Enqueue): Promise<boolean> {
  const due = e.dueInMs === undefined ? null : Math.max(0, Math.round(e.dueInMs));
  const n = await db.$executeRaw`
    INSERT INTO call_events (phone_call_id, kind, leg, dedupe_key, payload, due_at)
    SELECT id, ${e.mail.kind}, ${e.mail.leg}, ${e.dedupeKey}, ${JSON.stringify(e.mail.payload)}::jsonb,
           CASE WHEN ${due}::int IS NULL THEN NULL ELSE now() + ${due}::int * interval '1 millisecond' END
      FROM phone_calls WHERE id = ${e.callId}::uuid
    ON CONFLICT (phone_call_id, dedupe_key) DO NOTHING`;
  return n > 0;
}

export function machineMail(event: CallEvent): Mail {
  return { kind: "machine", leg: null, payload: event };
}

export interface StoredMail {
  id: bigint;
  mail: Mail;
}

/**
 * The next due, unprocessed row of a call's mailbox, in the order things happened: a timer
 * counts from when it fell due, so a staff member who answered before the ring timeout
 * is heard before the timeout even when both wait in the mailbox (a worker was down).
 */
export async function nextMail(db: Sql, callId: string): Promise<StoredMail | null> {
  for (;;) {
    const rows = await db.$queryRaw<{ id: bigint; kind: string; leg: string | null; payload: unknown }[]>`
      SELECT id, kind, leg, payload FROM call_events
       WHERE phone_call_id = ${callId}::uuid AND processed_at IS NULL AND (due_at IS NULL OR due_at <= now())
       ORDER BY COALESCE(due_at, received_at), id LIMIT 1`;
    const row = rows[0];
    if (!row) return null;
    const parsed = mailSchema.safeParse({ kind: row.kind, leg: row.leg, payload: row.payload });
    if (parsed.success) return { id: row.id, mail: parsed.data };
    // A row we cannot read is a bug, but it must not wedge the call: set it aside, with the reason.
    const reason = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    await db.$executeRaw`UPDATE call_events SET processed_at = now(), outcome = ${`unreadable: ${reason}`.slice(0, 500)} WHERE id = ${row.id}`;
  }
}

/** Timers are cancelled by deleting their row while it is still unprocessed. */
export async function cancelTimer(db: Sql, callId: string, timerKey: string): Promise<void> {
  await db.$executeRaw`
    DELETE FROM call_events WHERE phone_call_id = ${callId}::uuid AND dedupe_key = ${timerDedupeKey(timerKey)} AND processed_at IS NULL`;
}

export const timerDedupeKey = (timerKey: string) => `timer:${timerKey}`;
