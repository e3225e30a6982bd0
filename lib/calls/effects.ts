/**
 * Runs a call's outbox (call_effects). An effect is marked done in a transaction
 * that also confirms the lease and drops the effect's result events (a new leg's
 * CallSid, the staff found) into the mailbox, so a result is never recorded
 * without its effect being marked, nor the other way round. Effects on our own
 * tables run inside that transaction (exactly once); Twilio effects run before it
 * and are idempotent (a crash in between runs them again, harmlessly).
 *
 * An attempt that throws is tried again later with exponential backoff, up to
 * CALL_EFFECT_MAX_ATTEMPTS (effect-retry.ts; counted on the row with the last
 * error and the next attempt's time, so the bound holds across workers); a Twilio
 * refusal that asking again cannot change is not retried. Then the effect is done
 * with a `failed: …` result, and the machine hears `effect_failed` and decides
 * the safe end (machine-effect-failed.ts). An effect may also answer "not yet"
 * (a hold for a leg still hearing the greeting) and name when to look again.
 *
 * The rule between the outbox and the mailbox: effects run in the order the
 * machine emitted them, and one that waits (for its next attempt, or because it
 * is not possible yet) holds back the effects after it, since they may depend on
 * it (the claim before its ring, a hold before its unhold, a hang-up before the
 * staff member is freed); but it never holds back the mailbox. Nothing waits
 * inside the actor: the runner returns when it meets a waiting effect, the actor
 * goes on taking mailbox rows, and what the machine decides meanwhile queues
 * behind. That is safe because effects are safe to run late: the machine hangs
 * up a leg created after it moved on (legCreated, lateLeg), ignores a timer that
 * fires for a leg it gave up on, and a hold or mute still waiting when the call
 * ends is dropped rather than tried (so an ended call's hang-ups wait for nothing).
 */
import type { CallDeps } from "./deps";
import { isPermanent, twilioError } from "@/lib/vendors/twilio/errors";
import { markDone, markRetry, markWaiting, stillMine, type Done, type PendingEffectRow } from "./effect-marks";
import { afterFailure } from "./effect-retry";
import { isLocal, runLocal } from "./effects-local";
import { runTwilio, type TwilioOutcome } from "./effects-twilio";
import { holdsLease } from "./lease";
import { isTerminal, type CallEffect, type CallEvent } from "./machine";
import { ringTimerKey } from "./machine-step";
import { enqueue, machineMail } from "./mailbox";
import { callEffectSchema } from "./schemas";
import type { LoadedCall } from "./store";

export interface PendingEffect extends PendingEffectRow {
  effect: CallEffect;
  /** until its next attempt (0: now), by the database's clock */
  waitMs: number;
  /** since the machine emitted it */
  ageMs: number;
}

export async function pendingEffects(deps: CallDeps, callId: string): Promise<PendingEffect[]> {
  const rows = await deps.db.$queryRaw<{ id: bigint; effect: unknown; attempts: number; wait_ms: number; age_ms: number }[]>`
    SELECT id, effect, attempts,
           COALESCE(GREATEST(0, CEIL(EXTRACT(EPOCH FROM next_attempt_at - now()) * 1000)), 0)::int AS wait_ms,
           GREATEST(0, EXTRACT(EPOCH FROM now() - created_at) * 1000)::int AS age_ms
      FROM call_effects WHERE phone_call_id = ${callId}::uuid AND done_at IS NULL ORDER BY id`;
  return rows.map((r) => ({ id: r.id, effect: callEffectSchema.parse(r.effect), attempts: r.attempts, waitMs: r.wait_ms, ageMs: r.age_ms }));
}

export interface EffectsRun {
  /** the lease went to another worker: stop acting on this call */
  lost: boolean;
  ran: number;
  /** timers scheduled: wake the actor after these */
  wakeInMs: number[];
  /** an effect is waiting (and holds back those after it): run the outbox again after this long */
  retryInMs: number | null;
}

type Attempt = { kind: "done"; wakeInMs?: number } | { kind: "waiting"; inMs: number } | { kind: "lost" };

export async function runPendingEffects(
  deps: CallDeps,
  owner: string,
  call: LoadedCall,
  shouldStop: () => boolean,
  beforeEffect?: (e: CallEffect) => Promise<void> | void,
): Promise<EffectsRun> {
  const out: EffectsRun = { lost: false, ran: 0, wakeInMs: [], retryInMs: null };
  const pending = await pendingEffects(deps, call.id);
  const skipped = new Set<bigint>();
  for (const [i, p] of pending.entries()) {
    if (skipped.has(p.id)) continue;
    if (p.waitMs > 0 && !moot(p.effect, call)) return { ...out, retryInMs: p.waitMs };
    await beforeEffect?.(p.effect);
    if (shouldStop()) return { ...out, lost: true };
    const a = isLocal(p.effect) ? await attemptLocal(deps, owner, call, pending, i, skipped) : await attemptTwilio(deps, owner, call, p);
    if (a.kind === "lost") return { ...out, lost: true };
    if (a.kind === "waiting") return { ...out, retryInMs: a.inMs };
    if (a.wakeInMs !== undefined) out.wakeInMs.push(a.wakeInMs);
    out.ran += 1;
  }
  return out;
}

async function attemptTwilio(deps: CallDeps, owner: string, call: LoadedCall, p: PendingEffect): Promise<Attempt> {
  const e = p.effect;
  if (isLocal(e)) throw new Error(`not a Twilio effect: ${e.type}`);
  // A worker that lost the call (paused past its lease) must not act on it. What remains is one request's window.
  if (!(await stillMine(deps, owner, p.id))) return { kind: "lost" };
  if (moot(e, call)) {
    return held(await markDone(deps, owner, call.id, p, { result: "skipped: the call has ended", mail: [] }));
  }
  let outcome: TwilioOutcome;
  try {
    outcome = await runTwilio(deps, call, e, p.ageMs);
  } catch (err) {
    return failed(deps, owner, call, p, err);
  }
  if (outcome.kind === "not_yet") {
    const ok = await markWaiting(deps, owner, call.id, p, outcome.waitingFor, outcome.retryInMs);
    return ok ? { kind: "waiting", inMs: outcome.retryInMs } : { kind: "lost" };
  }
  const mail = outcome.events.map((event, n) => ({ dedupeKey: `effect:${e.key}:${n}`, event }));
  return held(await markDone(deps, owner, call.id, p, { result: outcome.result, mail }));
}

async function attemptLocal(deps: CallDeps, owner: string, call: LoadedCall, pending: PendingEffect[], i: number, skipped: Set<bigint>): Promise<Attempt> {
  const p = pending[i] as PendingEffect;
  const e = p.effect;
  if (!isLocal(e)) throw new Error(`not a local effect: ${e.type}`);
  const toSkip: bigint[] = [];
  try {
    const r = await deps.db.$transaction(async (tx): Promise<Attempt> => {
      if (!(await holdsLease(tx, owner, call.id))) return { kind: "lost" };
      const outcome = await runLocal(tx, call.id, e, deps.config);
      let events: CallEvent[] = outcome.events;
      if (outcome.claimFailed && e.type === "set_presence") {
        // Somebody else has this staff member: do not ring them; tell the machine it was "busy".
        const dial = pending.slice(i + 1).find((x) => x.effect.type === "dial_staff" && x.effect.staffId === e.staffId);
        if (dial?.effect.type === "dial_staff") {
          const legKey = dial.effect.legKey;
          const timer = pending.slice(i + 1).find((x) => x.effect.key === ringTimerKey(legKey));
          toSkip.push(dial.id, ...(timer ? [timer.id] : []));
          await tx.$executeRaw`
            UPDATE call_effects SET done_at = now(), result = 'skipped: staff member not available'
             WHERE id = ANY(${toSkip}::bigint[]) AND done_at IS NULL`;
          events = [{ type: "staff_leg_declined", legKey, reason: "busy" }];
        }
      }
      for (const [n, event] of events.entries()) {
        await enqueue(tx, { callId: call.id, dedupeKey: `effect:${e.key}:${n}`, mail: machineMail(event) });
      }
      await tx.$executeRaw`UPDATE call_effects SET done_at = now(), result = ${outcome.result}, next_attempt_at = NULL WHERE id = ${p.id} AND done_at IS NULL`;
      return outcome.wakeInMs === undefined ? { kind: "done" } : { kind: "done", wakeInMs: outcome.wakeInMs };
    });
    for (const id of toSkip) skipped.add(id);
    return r;
  } catch (err) {
    return failed(deps, owner, call, p, err);
  }
}

/** An attempt threw: try again later, or give up and let the machine decide. */
async function failed(deps: CallDeps, owner: string, call: LoadedCall, p: PendingEffect, err: unknown): Promise<Attempt> {
  const attempts = p.attempts + 1;
  const error = describe(err);
  const next = afterFailure(attempts, isPermanent(err), deps.config.effectRetry);
  const log = { callId: call.id, effect: p.effect.type, key: p.effect.key, attempts, err: error };
  if (next.retry) {
    deps.log.warn({ ...log, retryInMs: next.inMs }, "call effect failed; trying again later");
    const ok = await markRetry(deps, owner, call.id, p, attempts, error, next.inMs);
    return ok ? { kind: "waiting", inMs: next.inMs } : { kind: "lost" };
  }
  deps.log.error(log, "call effect failed; given up");
  const done: Done = {
    result: `failed: ${error}`.slice(0, 500),
    mail: [{ dedupeKey: `effect:${p.effect.key}:failed`, event: { type: "effect_failed", effect: p.effect, reason: error } }],
    failure: { attempts, error },
    // recording the interaction also frees whoever the ended call still holds: that part must happen regardless
    freeStaff: p.effect.type === "record_interaction",
  };
  return held(await markDone(deps, owner, call.id, p, done));
}

/** A hold or mute on a call that has ended: dropped at once, not tried (nor waited for). */
function moot(e: CallEffect, call: LoadedCall): boolean {
  return e.type === "update_participant" && isTerminal(call.state);
}

function held(ok: boolean): Attempt {
  return ok ? { kind: "done" } : { kind: "lost" };
}

function describe(err: unknown): string {
  const t = twilioError(err);
  const message = err instanceof Error ? err.message : String(err);
  return (t ? `Twilio ${t.status}${t.code !== null ? ` (${t.code})` : ""}: ${message}` : message).slice(0, 400);
}
