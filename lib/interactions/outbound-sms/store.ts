/**
 * The sender's writes to the outbox. A row is leased while its Twilio requests are in
 * flight; each try is recorded before Twilio is asked; every write is guarded on the row
 * still being pending, so a sender that lost its lease cannot undo another's result.
 */
import type { Db } from "@/lib/db/client";
import { SMS_STATUSES } from "../sms-statuses";
import { smsErrorText } from "../connectors/twilio-sms";
import { moveEventStatuses } from "../event-status";
import { lockSmsSid, moveSmsStatus } from "../sms-status";

export type OutboxRow = {
  interactionId: string;
  to: string;
  from: string;
  body: string;
  statusCallback: string;
  /** tries so far (each recorded before it asked Twilio) */
  attempts: number;
  /** when the first create request was about to be made; null: Twilio was never asked to send it */
  firstAttemptAt: Date | null;
  lastError: string | null;
};

/** Leases up to `limit` due messages (SKIP LOCKED, then the lease: several senders share the queue). */
export async function claimDue(db: Db, owner: string, leaseMs: number, limit: number): Promise<OutboxRow[]> {
  return db.$queryRaw<OutboxRow[]>`
    UPDATE sms_outbox o
       SET lease_owner = ${owner}, lease_until = now() + make_interval(secs => ${leaseMs / 1000}::float8)
      FROM sms_details d
     WHERE o.interaction_id IN (
             SELECT interaction_id FROM sms_outbox
              WHERE state = 'pending' AND next_attempt_at <= now() AND (lease_until IS NULL OR lease_until < now())
              ORDER BY next_attempt_at
              LIMIT ${limit}
              FOR UPDATE SKIP LOCKED)
       AND d.interaction_id = o.interaction_id
    RETURNING o.interaction_id::text AS "interactionId", o.to_address AS "to", o.from_address AS "from", d.body,
              o.status_callback AS "statusCallback", o.attempts, o.first_attempt_at AS "firstAttemptAt", o.last_error AS "lastError"`;
}

/**
 * Records a try before Twilio is asked (and from when a message may exist there), renewing
 * the lease for the requests to come. Null when the lease is no longer ours: ask nothing.
 */
export async function startTry(db: Db, id: string, owner: string, leaseMs: number): Promise<{ firstAttemptAt: Date } | null> {
  const rows = await db.$queryRaw<{ firstAttemptAt: Date }[]>`
    UPDATE sms_outbox
       SET attempts = attempts + 1, first_attempt_at = coalesce(first_attempt_at, now()),
           lease_until = now() + make_interval(secs => ${leaseMs / 1000}::float8)
     WHERE interaction_id = ${id}::uuid AND state = 'pending' AND lease_owner = ${owner} AND lease_until > now()
    RETURNING first_attempt_at AS "firstAttemptAt"`;
  return rows[0] ?? null;
}

/**
 * Twilio has the message (created now, or found after a lost answer): store its SID and
 * status, then the status callbacks that arrived before the SID was known (the processor
 * left them waiting). Returns false if the row was no longer pending.
 */
export async function storeAccepted(db: Db, id: string, sid: string, status: string): Promise<boolean> {
  return db.$transaction(async (tx) => {
    await lockSmsSid(tx, sid);
    const n = await tx.$executeRaw`
      UPDATE sms_outbox SET state = 'sent', finished_at = now(), lease_owner = NULL, lease_until = NULL
       WHERE interaction_id = ${id}::uuid AND state = 'pending'`;
    if (n === 0) return false;
    await tx.$executeRaw`UPDATE sms_details SET vendor_message_id = ${sid} WHERE interaction_id = ${id}::uuid`;
    await moveSmsStatus(tx, { interactionId: id }, status);
    const early = await tx.$queryRaw<{ id: string; status: string; error_code: string | null; pending: boolean }[]>`
      SELECT id::text, payload->>'MessageStatus' AS status, payload->>'ErrorCode' AS error_code, status = 'pending' AS pending FROM incoming_events
       WHERE vendor = 'twilio' AND vendor_event_id = ANY(${SMS_STATUSES.map((s) => `${sid}:${s}`)}::text[])`;
    for (const e of early) await moveSmsStatus(tx, { sid }, e.status, e.error_code ? smsErrorText(e.error_code) : null);
    // Callbacks still waiting for this message are done: their status is applied now.
    const waiting = early.filter((e) => e.pending);
    await moveEventStatuses(tx, waiting.map((e) => ({ id: e.id, to: "success" as const, reason: "delivery status applied when the message was recorded" })));
    return true;
  });
}

/** Refused, or given up on: the timeline shows it failed, and why. */
export async function markFailed(db: Db, id: string, reason: string): Promise<void> {
  await db.$transaction(async (tx) => {
    const n = await tx.$executeRaw`
      UPDATE sms_outbox SET state = 'failed', last_error = ${reason}, finished_at = now(), lease_owner = NULL, lease_until = NULL
       WHERE interaction_id = ${id}::uuid AND state = 'pending'`;
    if (n > 0) await moveSmsStatus(tx, { interactionId: id }, "failed", reason);
  });
}

/** Twilio could not be reached: try again after `delayMs`, with the lease given back. */
export async function scheduleRetry(db: Db, id: string, owner: string, error: string, delayMs: number): Promise<void> {
  await db.$executeRaw`
    UPDATE sms_outbox
       SET next_attempt_at = now() + make_interval(secs => ${delayMs / 1000}::float8), last_error = ${error}, lease_owner = NULL, lease_until = NULL
     WHERE interaction_id = ${id}::uuid AND state = 'pending' AND lease_owner = ${owner}`;
}

/** Which of these SIDs a message of ours already has (so recovery never adopts one twice). */
export async function knownSids(db: Pick<Db, "$queryRaw">, sids: string[]): Promise<Set<string>> {
  if (sids.length === 0) return new Set();
  const rows = await db.$queryRaw<{ sid: string }[]>`
    SELECT vendor_message_id AS sid FROM sms_details WHERE vendor_message_id = ANY(${sids}::text[])`;
  return new Set(rows.map((r) => r.sid));
}
