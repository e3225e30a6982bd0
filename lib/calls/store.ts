/**
 * PhoneCall rows as the actor reads and writes them. A step (one mailbox row,
 * turned into zero or more machine transitions) is written in ONE transaction
 * (a single statement): the PhoneCall (state, context, version), its CallTransitions, the effects it
 * emitted (the outbox) and the mailbox row marked processed. The update is
 * guarded on the version the actor read and on its lease, so a worker that lost
 * the call (or raced another) writes nothing.
 */
import type { Db } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import { audience, type OutgoingEvent } from "@/lib/realtime/events";
import { ORDER_LOCK, REALTIME_CHANNEL, eventsJson } from "@/lib/realtime/publish";
import { trackerKey } from "./apply-mail";
import { isTerminal, type CallEffect, type CallEvent, type CallState } from "./machine";
import type { Enqueue } from "./mailbox";
import { actorContextSchema, callStateSchema, type ActorContext } from "./schemas";

export interface LoadedCall {
  id: string;
  state: CallState;
  actor: ActorContext;
  version: number;
  direction: "inbound" | "outbound";
  fromNumber: string;
  toNumber: string;
  startedAt: Date;
}

type Row = {
  id: string;
  state: string;
  context: unknown;
  version: number;
  direction: "inbound" | "outbound";
  from_number: string;
  to_number: string;
  started_at: Date;
};

export async function loadCall(db: Pick<Db, "$queryRaw">, id: string): Promise<LoadedCall | null> {
  const rows = await db.$queryRaw<Row[]>`
    SELECT id::text, state::text, context, version, direction::text AS direction, from_number, to_number, started_at
      FROM phone_calls WHERE id = ${id}::uuid`;
  const r = rows[0];
  if (!r) return null;
  return {
    id: r.id,
    state: callStateSchema.parse(r.state),
    actor: actorContextSchema.parse(r.context),
    version: r.version,
    direction: r.direction,
    fromNumber: r.from_number,
    toNumber: r.to_number,
    startedAt: r.started_at,
  };
}

export interface TransitionRecord {
  from: CallState;
  to: CallState;
  event: CallEvent;
  ignored: boolean;
}

export interface Step {
  mailId: bigint;
  /** what became of the mailbox row: applied, duplicate, late, buffered, recorded, … */
  outcome: string;
  transitions: TransitionRecord[];
  effects: CallEffect[];
  state: CallState;
  actor: ActorContext;
  /** rows to add to the mailbox in the same transaction (a flush timer for a sequence gap) */
  mail: Omit<Enqueue, "callId">[];
}

export type PersistResult = { ok: true; version: number } | { ok: false; reason: "lease_lost" };

/**
 * One statement (so one round trip, and atomic without an interactive transaction):
 * the guarded UPDATE, and every other write conditioned on it having matched.
 */
export async function persistStep(db: Db, owner: string, call: LoadedCall, step: Step): Promise<PersistResult> {
  const bump = Math.max(1, step.transitions.length);
  const ctx = step.actor.call;
  const answered = ctx.leg?.answered === true || ctx.person?.answered === true;
  const connectedStaff = ctx.leg?.answered ? ctx.leg.staffId : null;
  const callerTracker = step.actor.legs[trackerKey("caller", ctx.callSid)];
  const lastSequence = callerTracker ? callerTracker.nextSeq - 1 : null;
  const t = step.transitions;
  const m = step.mail;
  const news = callNews(call, step);
  const rows = await db.$queryRaw<{ n: number }[]>`
    WITH moved AS (
      UPDATE phone_calls
         SET state = ${step.state}::"CallState", context = ${JSON.stringify(step.actor)}::jsonb, version = version + ${bump}::int,
             person_id = ${ctx.personId}::uuid, staff_id = COALESCE(${connectedStaff}::uuid, staff_id),
             answered_at = CASE WHEN ${answered} THEN COALESCE(answered_at, now()) ELSE answered_at END,
             ended_at = CASE WHEN ${isTerminal(step.state)} THEN COALESCE(ended_at, now()) ELSE ended_at END,
             end_reason = ${ctx.endReason}, last_sequence = COALESCE(${lastSequence}::int, last_sequence), updated_at = now()
       WHERE id = ${call.id}::uuid AND version = ${call.version}::int AND lease_owner = ${owner} AND lease_expires_at > now()
      RETURNING id
    ), transitions AS (
      INSERT INTO call_transitions (phone_call_id, seq, from_state, to_state, event)
      SELECT moved.id, ${call.version}::int + u.ord::int, u.from_state::"CallState", u.to_state::"CallState", u.event
        FROM moved, unnest(${t.map((x) => x.from)}::text[], ${t.map((x) => x.to)}::text[],
                           ${t.map((x) => JSON.stringify({ ...x.event, ignored: x.ignored, mail: String(step.mailId) }))}::jsonb[])
                    WITH ORDINALITY AS u(from_state, to_state, event, ord)
    ), effects AS (
      -- Re-emitted keys (a resumed actor re-issuing its state's effects) are already queued or done.
      INSERT INTO call_effects (phone_call_id, key, transition_seq, effect)
      SELECT moved.id, u.key, ${call.version + bump}::int, u.effect
        FROM moved, unnest(${step.effects.map((e) => e.key)}::text[], ${step.effects.map((e) => JSON.stringify(e))}::jsonb[])
                    WITH ORDINALITY AS u(key, effect, ord)
       ORDER BY u.ord
      ON CONFLICT (phone_call_id, key) DO NOTHING
    ), mail AS (
      INSERT INTO call_events (phone_call_id, kind, leg, dedupe_key, payload, due_at)
      SELECT moved.id, u.kind, u.leg, u.dedupe_key, u.payload, now() + u.due_ms * interval '1 millisecond'
        FROM moved, unnest(${m.map((x) => x.mail.kind)}::text[], ${m.map((x) => x.mail.leg)}::text[], ${m.map((x) => x.dedupeKey)}::text[],
                           ${m.map((x) => JSON.stringify(x.mail.payload))}::jsonb[], ${m.map((x) => x.dueInMs ?? 0)}::int[])
                    AS u(kind, leg, dedupe_key, payload, due_ms)
      ON CONFLICT (phone_call_id, dedupe_key) DO NOTHING
    ), processed AS (
      UPDATE call_events SET processed_at = now(), outcome = ${step.outcome}
       WHERE id = ${step.mailId} AND EXISTS (SELECT 1 FROM moved)
    )${news ? publishCtes(news) : Prisma.empty}
    SELECT count(*)::int AS n${news ? Prisma.sql`, (SELECT count(*) FROM rt_notify) AS notified` : Prisma.empty} FROM moved`;
  if (rows[0]?.n !== 1) return { ok: false, reason: "lease_lost" };
  return { ok: true, version: call.version + bump };
}

/**
 * A step that changes what a softphone shows (the state, or an outbound callee
 * picking up) is news for the staff on the call: `call.updated`, published by the
 * step's own statement (lib/realtime/publish.ts: same order lock, one NOTIFY), so
 * it is heard exactly when the step commits, and never for a step that did not.
 */
function callNews(call: LoadedCall, step: Step): OutgoingEvent[] | null {
  const before = call.actor.call;
  const ctx = step.actor.call;
  const personAnswered = ctx.person?.answered === true;
  if (step.state === call.state && personAnswered === (before.person?.answered === true)) return null;
  const staff = new Set([ctx.leg?.staffId, ctx.transfer?.leg.staffId, before.leg?.staffId, before.transfer?.leg.staffId].filter((x): x is string => !!x));
  const payload = {
    callId: call.id,
    state: step.state,
    staffId: ctx.leg?.staffId ?? null,
    personId: ctx.personId,
    direction: ctx.direction,
    personAnswered,
    at: new Date().toISOString(),
  };
  return [...staff, null].map((s) => ({ audience: s ? audience.staff(s) : audience.role("ops"), type: "call.updated", payload }) as OutgoingEvent);
}

function publishCtes(events: OutgoingEvent[]): Prisma.Sql {
  return Prisma.sql`, rt_lock AS MATERIALIZED (
      SELECT pg_advisory_xact_lock(${Prisma.raw(String(ORDER_LOCK))}) FROM moved
    ), rt AS (
      INSERT INTO realtime_events (audience, type, payload)
      SELECT e.value->>'audience', e.value->>'type', e.value->'payload'
        FROM rt_lock, jsonb_array_elements(${eventsJson(events)}::jsonb) WITH ORDINALITY AS e(value, n)
       ORDER BY e.n
      RETURNING seq
    ), rt_notify AS (
      SELECT pg_notify(${REALTIME_CHANNEL}, max(seq)::text) FROM rt HAVING count(*) > 0
    )`;
}
