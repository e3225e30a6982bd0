/**
 * Effects that only touch our database. Each runs inside the transaction that
 * marks it done, so it happens exactly once even across a worker crash.
 */
import type { Db } from "@/lib/db/client";
import type { CallEffect, CallEvent } from "./machine";
import { cancelTimer, enqueue, timerDedupeKey } from "./mailbox";
import { orderStaffForCall, type StaffPresence } from "./routing";

type Tx = Pick<Db, "$queryRaw" | "$executeRaw">;

export type LocalEffect = Extract<CallEffect, { type: "find_staff" | "set_presence" | "schedule_timeout" | "cancel_timeout" }>;

export interface LocalOutcome {
  result: string;
  events: CallEvent[];
  /** set_presence busy that did not get the staff member */
  claimFailed?: boolean;
  /** a timer was scheduled: look at the mailbox again after this long */
  wakeInMs?: number;
}

export function isLocal(e: CallEffect): e is LocalEffect {
  return e.type === "find_staff" || e.type === "set_presence" || e.type === "schedule_timeout" || e.type === "cancel_timeout";
}

export async function runLocal(tx: Tx, callId: string, e: LocalEffect): Promise<LocalOutcome> {
  switch (e.type) {
    case "find_staff":
      return findStaff(tx, callId, e);
    case "set_presence":
      return e.presence === "busy" ? claim(tx, callId, e.staffId) : release(tx, callId, e.staffId, e.presence, e.callEnded);
    case "schedule_timeout": {
      const event: CallEvent = e.timer === "ring" ? { type: "ring_timeout", legKey: e.legKey ?? "" } : { type: "voicemail_timeout" };
      // Same key again (a resumed actor re-scheduling): the first timer stands, its due time unchanged.
      const added = await enqueue(tx, { callId, dedupeKey: timerDedupeKey(e.key), mail: { kind: "timer", leg: null, payload: event }, dueInMs: e.ms });
      return { result: added ? "scheduled" : "already scheduled", events: [], wakeInMs: e.ms };
    }
    case "cancel_timeout":
      await cancelTimer(tx, callId, e.timerKey);
      return { result: "cancelled", events: [] };
    default: {
      const never: never = e;
      return never;
    }
  }
}

/**
 * Routing order, then a reservation: the first candidate still available is claimed for
 * this call right here (SKIP LOCKED: calls routing at the same moment each get someone
 * else, instead of all ringing the longest-idle person and all but one failing the claim).
 * The machine rings the first candidate it is given, and a call that ends first frees
 * whoever it still holds (see call-interaction.ts).
 */
async function findStaff(tx: Tx, callId: string, e: Extract<LocalEffect, { type: "find_staff" }>): Promise<LocalOutcome> {
  const staff = await tx.$queryRaw<{ id: string; presence: StaffPresence; last_call_ended_at: Date | null }[]>`
    SELECT id::text, presence::text AS presence, last_call_ended_at FROM staff WHERE presence = 'available'`;
  const ids = orderStaffForCall({
    staff: staff.map((s) => ({ id: s.id, presence: s.presence, lastCallEndedAt: s.last_call_ended_at })),
    preferredStaffId: e.preferredStaffId,
    exclude: e.exclude,
  });
  if (ids.length === 0) return { result: "nobody available", events: [{ type: "no_staff_available" }] };
  const reserved = await tx.$queryRaw<{ id: string }[]>`
    UPDATE staff SET presence = 'busy', busy_call_id = ${callId}::uuid, presence_changed_at = now()
     WHERE id = (SELECT id FROM staff WHERE id = ANY(${ids}::uuid[]) AND presence = 'available'
                  ORDER BY array_position(${ids}::uuid[], id) LIMIT 1 FOR UPDATE SKIP LOCKED)
    RETURNING id::text`;
  const first = reserved[0]?.id;
  if (!first) return { result: "all taken meanwhile", events: [{ type: "no_staff_available" }] };
  return { result: `reserved 1 of ${ids.length}`, events: [{ type: "staff_candidates_found", staffIds: [first, ...ids.filter((id) => id !== first)] }] };
}

/**
 * Presence "busy" is a claim: it succeeds only on an available staff member (or
 * one this call already holds, when the effect runs again), so two calls never
 * ring the same person.
 */
async function claim(tx: Tx, callId: string, staffId: string): Promise<LocalOutcome> {
  const n = await tx.$executeRaw`
    UPDATE staff SET presence = 'busy', busy_call_id = ${callId}::uuid, presence_changed_at = now()
     WHERE id = ${staffId}::uuid AND (presence = 'available' OR (presence = 'busy' AND busy_call_id = ${callId}::uuid))`;
  return n === 1 ? { result: "claimed", events: [] } : { result: "not available", events: [], claimFailed: true };
}

/** Only the call that made someone busy frees them; someone who went away meanwhile stays away. */
async function release(tx: Tx, callId: string, staffId: string, presence: StaffPresence, callEnded: boolean): Promise<LocalOutcome> {
  const n = await tx.$executeRaw`
    UPDATE staff SET presence = ${presence}::"Presence", busy_call_id = NULL, presence_changed_at = now(),
                     last_call_ended_at = CASE WHEN ${callEnded} THEN now() ELSE last_call_ended_at END
     WHERE id = ${staffId}::uuid AND presence = 'busy' AND busy_call_id = ${callId}::uuid`;
  return { result: n === 1 ? `released to ${presence}` : "not held by this call", events: [] };
}
