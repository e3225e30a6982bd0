import type { Db } from "@/lib/db/client";

export type EventStatus = "pending" | "success" | "unmatchable_person" | "unmatchable_staff" | "unmatchable_both" | "skipped" | "ignored";

const UNMATCHABLE: EventStatus[] = ["unmatchable_person", "unmatchable_staff", "unmatchable_both"];

/**
 * Where a status may go. Forward only: pending ends in a terminal status; an
 * unmatchable event may later be matched (ops linked its contact), re-judged
 * (another unmatchable kind) or ignored. Going back from success or ignored is
 * only an ops undo, and says so (`undo: true`).
 */
const FORWARD: Record<EventStatus, EventStatus[]> = {
  pending: ["success", ...UNMATCHABLE, "skipped", "ignored"],
  unmatchable_person: ["success", "unmatchable_staff", "unmatchable_both", "ignored"],
  unmatchable_staff: ["success", "unmatchable_person", "unmatchable_both", "ignored"],
  unmatchable_both: ["success", "unmatchable_person", "unmatchable_staff", "ignored"],
  success: [],
  skipped: [],
  ignored: [],
};
const UNDO: Partial<Record<EventStatus, EventStatus[]>> = {
  success: UNMATCHABLE,
  // The person was found (by an ops link), the staff side was not: undoing the link loses the person.
  unmatchable_staff: ["unmatchable_person", "unmatchable_both"],
  ignored: UNMATCHABLE,
};

export function allowedFrom(to: EventStatus, opts: { undo?: boolean } = {}): EventStatus[] {
  const table = opts.undo ? UNDO : FORWARD;
  return (Object.keys(table) as EventStatus[]).filter((from) => table[from]?.includes(to));
}

export function canMove(from: EventStatus, to: EventStatus, opts: { undo?: boolean } = {}): boolean {
  return (opts.undo ? UNDO[from] : FORWARD[from])?.includes(to) ?? false;
}

type Tx = Pick<Db, "$executeRaw">;


/**
 * Every status write goes through here: an update guarded on the current
 * status, so a late or duplicate run can never move an event back.
 * Returns whether the row moved.
 */
export async function moveEventStatus(
  db: Tx,
  id: string,
  to: EventStatus,
  reason: string | null,
  opts: { undo?: boolean } = {},
): Promise<boolean> {
  const from = allowedFrom(to, opts);
  if (from.length === 0) return false;
  const n = await db.$executeRaw`
    UPDATE incoming_events
       SET status = ${to}::"IncomingEventStatus", reason = ${reason}, processed_at = now(), attempts = attempts + 1
     WHERE id = ${id}::uuid AND status::text = ANY(${from})`;
  return n === 1;
}

export type StatusMove = { id: string; to: EventStatus; reason: string | null };

/** The batch form of moveEventStatus: one guarded UPDATE for many events. Returns the ids that moved. */
export async function moveEventStatuses(db: Pick<Db, "$queryRaw">, moves: StatusMove[], opts: { undo?: boolean } = {}): Promise<string[]> {
  if (moves.length === 0) return [];
  const allowed = moves.map((m) => allowedFrom(m.to, opts).join(","));
  const rows = await db.$queryRaw<{ id: string }[]>`
    UPDATE incoming_events e
       SET status = m.target::"IncomingEventStatus", reason = m.reason, processed_at = now(), attempts = e.attempts + 1
      FROM unnest(${moves.map((m) => m.id)}::uuid[], ${moves.map((m) => m.to)}::text[], ${moves.map((m) => m.reason)}::text[], ${allowed}::text[])
           AS m(id, target, reason, allowed)
     WHERE e.id = m.id AND e.status::text = ANY(string_to_array(m.allowed, ','))
     RETURNING e.id`;
  return rows.map((r) => r.id);
}

/**
 * Leaves pending events pending, not to be claimed again before `delayMs` from now: they wait
 * for something to be recorded first. Returns the ids that were still pending.
 */
export async function deferEvents(db: Pick<Db, "$queryRaw">, ids: string[], delayMs: number, reason: string): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await db.$queryRaw<{ id: string }[]>`
    UPDATE incoming_events
       SET retry_at = now() + make_interval(secs => ${delayMs / 1000}::float8), reason = ${reason}, attempts = attempts + 1
     WHERE id = ANY(${ids}::uuid[]) AND status = 'pending'
     RETURNING id`;
  return rows.map((r) => r.id);
}
