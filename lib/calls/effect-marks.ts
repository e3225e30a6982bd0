/**
 * What the runner writes on an outbox row after an attempt, each in one statement
 * guarded on the lease (false: another worker has the call; nothing was written):
 * done (with the result events into the mailbox), failed and to be tried again,
 * or not yet possible and to be looked at again.
 */
import type { CallDeps } from "./deps";
import type { CallEvent } from "./machine";

export interface PendingEffectRow {
  id: bigint;
  /** failed attempts so far */
  attempts: number;
}

export interface Done {
  result: string;
  /** result events for the mailbox, each under its own dedupe key */
  mail: { dedupeKey: string; event: CallEvent }[];
  /** a given-up effect: its attempt count and last error */
  failure?: { attempts: number; error: string };
  /** also free whoever this call still holds (the call's last word could not be said) */
  freeStaff?: boolean;
}

export async function markDone(deps: CallDeps, owner: string, callId: string, p: PendingEffectRow, d: Done): Promise<boolean> {
  const keys = d.mail.map((m) => m.dedupeKey);
  const payloads = d.mail.map((m) => JSON.stringify(m.event));
  const attempts = d.failure?.attempts ?? null;
  const error = d.failure?.error ?? null;
  const freeStaff = d.freeStaff === true;
  const rows = await deps.db.$queryRaw<{ n: number }[]>`
    WITH held AS (
      SELECT id FROM phone_calls WHERE id = ${callId}::uuid AND lease_owner = ${owner} AND lease_expires_at > now() FOR UPDATE
    ), events AS (
      INSERT INTO call_events (phone_call_id, kind, leg, dedupe_key, payload)
      SELECT held.id, 'machine', NULL, u.dedupe_key, u.payload FROM held, unnest(${keys}::text[], ${payloads}::jsonb[]) AS u(dedupe_key, payload)
      ON CONFLICT (phone_call_id, dedupe_key) DO NOTHING
    ), done AS (
      UPDATE call_effects SET done_at = now(), result = ${d.result}, next_attempt_at = NULL,
                              attempts = COALESCE(${attempts}::int, attempts), last_error = COALESCE(${error}, last_error)
       WHERE id = ${p.id} AND done_at IS NULL AND EXISTS (SELECT 1 FROM held)
    ), freed AS (
      UPDATE staff SET presence = 'available', busy_call_id = NULL, presence_changed_at = now()
       WHERE ${freeStaff} AND busy_call_id = ${callId}::uuid AND presence = 'busy' AND EXISTS (SELECT 1 FROM held)
    )
    SELECT count(*)::int AS n FROM held`;
  return rows[0]?.n === 1;
}

/** A failed attempt, to be followed by another in `inMs`. */
export async function markRetry(deps: CallDeps, owner: string, callId: string, p: PendingEffectRow, attempts: number, error: string, inMs: number): Promise<boolean> {
  return markPending(deps, owner, callId, p, { attempts, error, inMs, waitingFor: null });
}

/** Not possible yet (not a failure): look again in `inMs`. */
export async function markWaiting(deps: CallDeps, owner: string, callId: string, p: PendingEffectRow, waitingFor: string, inMs: number): Promise<boolean> {
  return markPending(deps, owner, callId, p, { attempts: p.attempts, error: null, inMs, waitingFor });
}

async function markPending(
  deps: CallDeps,
  owner: string,
  callId: string,
  p: PendingEffectRow,
  w: { attempts: number; error: string | null; inMs: number; waitingFor: string | null },
): Promise<boolean> {
  const result = w.waitingFor === null ? null : `waiting for ${w.waitingFor}`;
  const rows = await deps.db.$queryRaw<{ n: number }[]>`
    WITH held AS (
      SELECT id FROM phone_calls WHERE id = ${callId}::uuid AND lease_owner = ${owner} AND lease_expires_at > now()
    ), marked AS (
      UPDATE call_effects SET attempts = ${w.attempts}::int, last_error = COALESCE(${w.error}, last_error), result = ${result},
                              next_attempt_at = now() + ${Math.max(0, Math.round(w.inMs))}::int * interval '1 millisecond'
       WHERE id = ${p.id} AND done_at IS NULL AND EXISTS (SELECT 1 FROM held)
    )
    SELECT count(*)::int AS n FROM held`;
  return rows[0]?.n === 1;
}

/** Twilio cannot check our lease: look just before asking it. */
export async function stillMine(deps: CallDeps, owner: string, effectId: bigint): Promise<boolean> {
  const rows = await deps.db.$queryRaw<{ ok: boolean }[]>`
    SELECT true AS ok FROM call_effects e JOIN phone_calls p ON p.id = e.phone_call_id
     WHERE e.id = ${effectId} AND e.done_at IS NULL AND p.lease_owner = ${owner} AND p.lease_expires_at > now()`;
  return rows.length === 1;
}
