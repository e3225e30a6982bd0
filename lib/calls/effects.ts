/**
 * Runs a call's outbox (call_effects) in order. An effect is marked done in a
 * transaction that also confirms the lease and drops the effect's result events
 * (a new leg's CallSid, the staff found) into the mailbox, so a result is never
 * recorded without its effect being marked, nor the other way round. Effects on
 * our own tables run inside that transaction (exactly once); Twilio effects run
 * before it and are idempotent (a crash in between runs them again, harmlessly).
 */
import type { CallDeps } from "./deps";
import { isLocal, runLocal } from "./effects-local";
import { runTwilio, type TwilioOutcome } from "./effects-twilio";
import { holdsLease } from "./lease";
import type { CallEffect, CallEvent } from "./machine";
import { ringTimerKey } from "./machine-step";
import { enqueue, machineMail } from "./mailbox";
import { callEffectSchema } from "./schemas";
import type { LoadedCall } from "./store";

export interface PendingEffect {
  id: bigint;
  effect: CallEffect;
}

export async function pendingEffects(deps: CallDeps, callId: string): Promise<PendingEffect[]> {
  const rows = await deps.db.$queryRaw<{ id: bigint; effect: unknown }[]>`
    SELECT id, effect FROM call_effects WHERE phone_call_id = ${callId}::uuid AND done_at IS NULL ORDER BY id`;
  return rows.map((r) => ({ id: r.id, effect: callEffectSchema.parse(r.effect) }));
}

export interface EffectsRun {
  /** the lease went to another worker: stop acting on this call */
  lost: boolean;
  ran: number;
  /** timers scheduled: wake the actor after these */
  wakeInMs: number[];
}

export async function runPendingEffects(
  deps: CallDeps,
  owner: string,
  call: LoadedCall,
  shouldStop: () => boolean,
  beforeEffect?: (e: CallEffect) => Promise<void> | void,
): Promise<EffectsRun> {
  const out: EffectsRun = { lost: false, ran: 0, wakeInMs: [] };
  const pending = await pendingEffects(deps, call.id);
  const skipped = new Set<bigint>();
  for (const [i, p] of pending.entries()) {
    if (skipped.has(p.id)) continue;
    const e = p.effect;
    await beforeEffect?.(e);
    if (shouldStop()) return { ...out, lost: true };
    // Twilio cannot check our lease: look just before asking it, so a worker that lost the
    // call (paused past its lease) does not act on it. What remains is one request's window.
    if (!isLocal(e) && !(await stillMine(deps, owner, p.id))) return { ...out, lost: true };
    let held: boolean;
    if (isLocal(e)) {
      held = await deps.db.$transaction(async (tx) => {
        if (!(await holdsLease(tx, owner, call.id))) return false;
        const outcome = await runLocal(tx, call.id, e);
        let events: CallEvent[] = outcome.events;
        if (outcome.claimFailed && e.type === "set_presence") {
          // Somebody else has this staff member: do not ring them; tell the machine it was "busy".
          const dial = pending.slice(i + 1).find((x) => x.effect.type === "dial_staff" && x.effect.staffId === e.staffId);
          if (dial?.effect.type === "dial_staff") {
            const legKey = dial.effect.legKey;
            const timer = pending.slice(i + 1).find((x) => x.effect.key === ringTimerKey(legKey));
            const skip = [dial.id, ...(timer ? [timer.id] : [])];
            await tx.$executeRaw`
              UPDATE call_effects SET done_at = now(), result = 'skipped: staff member not available'
               WHERE id = ANY(${skip}::bigint[]) AND done_at IS NULL`;
            for (const id of skip) skipped.add(id);
            events = [{ type: "staff_leg_declined", legKey, reason: "busy" }];
          }
        }
        for (const [n, event] of events.entries()) {
          await enqueue(tx, { callId: call.id, dedupeKey: `effect:${e.key}:${n}`, mail: machineMail(event) });
        }
        await tx.$executeRaw`UPDATE call_effects SET done_at = now(), result = ${outcome.result} WHERE id = ${p.id} AND done_at IS NULL`;
        if (outcome.wakeInMs !== undefined) out.wakeInMs.push(outcome.wakeInMs);
        return true;
      });
    } else {
      const outcome = await runTwilio(deps, call, e);
      held = await markDone(deps, owner, call.id, p, outcome);
    }
    if (!held) return { ...out, lost: true };
    out.ran += 1;
  }
  return out;
}

async function stillMine(deps: CallDeps, owner: string, effectId: bigint): Promise<boolean> {
  const rows = await deps.db.$queryRaw<{ ok: boolean }[]>`
    SELECT true AS ok FROM call_effects e JOIN phone_calls p ON p.id = e.phone_call_id
     WHERE e.id = ${effectId} AND e.done_at IS NULL AND p.lease_owner = ${owner} AND p.lease_expires_at > now()`;
  return rows.length === 1;
}

/** A Twilio effect is done: its result events into the mailbox and the mark, in one guarded statement. */
async function markDone(deps: CallDeps, owner: string, callId: string, p: PendingEffect, outcome: TwilioOutcome): Promise<boolean> {
  const keys = outcome.events.map((_, n) => `effect:${p.effect.key}:${n}`);
  const payloads = outcome.events.map((ev) => JSON.stringify(ev));
  const rows = await deps.db.$queryRaw<{ n: number }[]>`
    WITH held AS (
      SELECT id FROM phone_calls WHERE id = ${callId}::uuid AND lease_owner = ${owner} AND lease_expires_at > now() FOR UPDATE
    ), events AS (
      INSERT INTO call_events (phone_call_id, kind, leg, dedupe_key, payload)
      SELECT held.id, 'machine', NULL, u.dedupe_key, u.payload FROM held, unnest(${keys}::text[], ${payloads}::jsonb[]) AS u(dedupe_key, payload)
      ON CONFLICT (phone_call_id, dedupe_key) DO NOTHING
    ), done AS (
      UPDATE call_effects SET done_at = now(), result = ${outcome.result} WHERE id = ${p.id} AND done_at IS NULL AND EXISTS (SELECT 1 FROM held)
    )
    SELECT count(*)::int AS n FROM held`;
  return rows[0]?.n === 1;
}
