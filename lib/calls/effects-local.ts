/**
 * Effects that only touch our database. Each runs inside the transaction that
 * marks it done, so it happens exactly once even across a worker crash.
 */
import type { Db } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import type { CallEffect, CallEvent } from "./machine";
import { cancelTimer, enqueue, timerDedupeKey } from "./mailbox";
import { timerEvent } from "./machine-step";
import { offerToQueue } from "@/lib/staff/presence";
import { presenceChanged } from "@/lib/staff/presence-news";
import { connectedLatelySql, reachableSql } from "@/lib/staff/reachable";
import type { CallConfig } from "./config";
import { orderStaffForCall, type StaffPresence } from "./routing";

type Tx = Pick<Db, "$queryRaw" | "$executeRaw" | "$executeRawUnsafe">;

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

/** What routing needs to know from the call engine's settings. */
export type RoutingSettings = Pick<CallConfig, "heartbeatTtlS" | "wrapUpMs">;

export async function runLocal(tx: Tx, callId: string, e: LocalEffect, settings: RoutingSettings): Promise<LocalOutcome> {
  switch (e.type) {
    case "find_staff":
      return findStaff(tx, callId, e, settings);
    case "set_presence":
      return e.presence === "busy" ? claim(tx, callId, e.staffId, settings) : release(tx, callId, e, settings);
    case "schedule_timeout": {
      const event = timerEvent(e);
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
 * Who may be rung now: available (or at the end of their wrap-up) with a softphone
 * whose heartbeat is fresh, so a closed laptop is never rung. SQL, shared by the
 * search and the claims below.
 */
const routable = (ttlS: number) => Prisma.sql`(presence = 'available' OR (presence = 'wrap_up' AND wrap_up_until <= now()))
  AND ${reachableSql(ttlS)}`;

/**
 * Routing order, then a reservation: the first candidate still routable is claimed for
 * this call right here (SKIP LOCKED: calls routing at the same moment each get someone
 * else, instead of all ringing the longest-idle person and all but one failing the claim).
 * The machine rings the first candidate it is given, and a call that ends first frees
 * whoever it still holds (see call-interaction.ts). Nobody free: the machine is told how
 * many are on shift (connected, busy or wrapping up), which decides queue or voicemail.
 */
async function findStaff(tx: Tx, callId: string, e: Extract<LocalEffect, { type: "find_staff" }>, settings: RoutingSettings): Promise<LocalOutcome> {
  const staff = await tx.$queryRaw<{ id: string; last_call_ended_at: Date | null }[]>`
    SELECT id::text, last_call_ended_at FROM staff WHERE ${routable(settings.heartbeatTtlS)}`;
  const ids = orderStaffForCall({
    staff: staff.map((s) => ({ id: s.id, presence: "available" as StaffPresence, lastCallEndedAt: s.last_call_ended_at })),
    preferredStaffId: e.preferredStaffId,
    exclude: e.exclude,
  });
  const nobody = async (result: string): Promise<LocalOutcome> => {
    const rows = await tx.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM staff WHERE presence IN ('available', 'busy', 'wrap_up') AND ${connectedLatelySql(settings.heartbeatTtlS)}`;
    const onShift = rows[0]?.n ?? 0;
    return { result: `${result} (${onShift} on shift)`, events: [{ type: "no_staff_available", onShift }] };
  };
  if (ids.length === 0) return nobody("nobody available");
  const reserved = await tx.$queryRaw<{ id: string }[]>`
    UPDATE staff SET presence = 'busy', busy_call_id = ${callId}::uuid, presence_changed_at = now(), wrap_up_until = NULL, wrap_up_call_id = NULL
     WHERE id = (SELECT id FROM staff WHERE id = ANY(${ids}::uuid[]) AND ${routable(settings.heartbeatTtlS)}
                  ORDER BY array_position(${ids}::uuid[], id) LIMIT 1 FOR UPDATE SKIP LOCKED)
    RETURNING id::text`;
  const first = reserved[0]?.id;
  if (!first) return nobody("all taken meanwhile");
  await presenceChanged(tx, [{ id: first, presence: "busy" }]);
  return { result: `reserved 1 of ${ids.length}`, events: [{ type: "staff_candidates_found", staffIds: [first, ...ids.filter((id) => id !== first)] }] };
}

/**
 * Presence "busy" is a claim: it succeeds only on a routable staff member (or one
 * this call already holds, when the effect runs again), so two calls never ring the
 * same person, and nobody whose softphone is gone.
 */
async function claim(tx: Tx, callId: string, staffId: string, settings: RoutingSettings): Promise<LocalOutcome> {
  const rows = await tx.$queryRaw<{ was_busy: boolean }[]>`
    UPDATE staff s SET presence = 'busy', busy_call_id = ${callId}::uuid, presence_changed_at = now(), wrap_up_until = NULL, wrap_up_call_id = NULL
      FROM (SELECT id, presence = 'busy' AS was_busy FROM staff WHERE id = ${staffId}::uuid FOR UPDATE) old
     WHERE s.id = old.id AND ((${routable(settings.heartbeatTtlS)}) OR (s.presence = 'busy' AND s.busy_call_id = ${callId}::uuid))
    RETURNING old.was_busy`;
  if (rows.length === 0) return { result: "not available", events: [], claimFailed: true };
  if (!rows[0]?.was_busy) await presenceChanged(tx, [{ id: staffId, presence: "busy" }]);
  return { result: "claimed", events: [] };
}

/**
 * Only the call that made someone busy frees them; someone who went away meanwhile
 * stays away. After a call they talked on (callEnded), they wrap up first; whoever
 * is available again may be just what a queued caller waits for.
 */
async function release(tx: Tx, callId: string, e: Extract<LocalEffect, { type: "set_presence" }>, settings: RoutingSettings): Promise<LocalOutcome> {
  const { staffId, presence, callEnded } = e;
  const lost = e.softphoneLost === true;
  const wrapUp = callEnded && settings.wrapUpMs > 0 && presence === "available";
  const rows = await tx.$queryRaw<{ presence: string }[]>`
    UPDATE staff SET presence = ${wrapUp ? "wrap_up" : presence}::"Presence", busy_call_id = NULL, presence_changed_at = now(),
                     wrap_up_until = CASE WHEN ${wrapUp} THEN now() + ${settings.wrapUpMs}::int * interval '1 millisecond' ELSE NULL END,
                     wrap_up_call_id = CASE WHEN ${wrapUp} THEN ${callId}::uuid ELSE NULL END,
                     last_call_ended_at = CASE WHEN ${callEnded} THEN now() ELSE last_call_ended_at END,
                     softphone_lost_at = CASE WHEN ${lost} THEN now() ELSE softphone_lost_at END
     WHERE id = ${staffId}::uuid AND presence = 'busy' AND busy_call_id = ${callId}::uuid
    RETURNING presence::text`;
  const now = rows[0]?.presence;
  if (now) await presenceChanged(tx, [{ id: staffId, presence: now }]);
  if (now === "available") await offerToQueue(tx);
  return { result: now ? `released to ${now}` : "not held by this call", events: [] };
}
