/**
 * Who to ring for an inbound call, in order. Pure: the actor loads staff rows
 * (fresh for every attempt, so presence changes between rings count) and passes
 * them here.
 */

export type StaffPresence = "available" | "busy" | "wrap_up" | "away" | "offline";

export interface RoutableStaff {
  id: string;
  presence: StaffPresence;
  /** null: never had a call, which counts as idle the longest */
  lastCallEndedAt: Date | null;
}

export interface RoutingInput {
  staff: readonly RoutableStaff[];
  /** the staff member this person last spoke with, or is assigned to */
  preferredStaffId: string | null;
  /** staff already tried on this call (declined, timed out, transferred away) */
  exclude?: readonly string[];
}

/**
 * Preferred staff first when available, then every other available staff member
 * by longest idle (oldest lastCallEndedAt; never-called first; id breaks ties so
 * the order is deterministic).
 */
export function orderStaffForCall(input: RoutingInput): string[] {
  const excluded = new Set(input.exclude ?? []);
  const available = input.staff.filter((s) => s.presence === "available" && !excluded.has(s.id));
  const preferred = available.find((s) => s.id === input.preferredStaffId);
  const rest = available.filter((s) => s !== preferred).sort(byLongestIdle);
  return [...(preferred ? [preferred] : []), ...rest].map((s) => s.id);
}

function byLongestIdle(a: RoutableStaff, b: RoutableStaff): number {
  const ta = a.lastCallEndedAt?.getTime() ?? Number.NEGATIVE_INFINITY;
  const tb = b.lastCallEndedAt?.getTime() ?? Number.NEGATIVE_INFINITY;
  if (ta !== tb) return ta < tb ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
