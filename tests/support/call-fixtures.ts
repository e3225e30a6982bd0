/** Seed rows and wait helpers for call engine tests and scripts. */
import type { Db } from "@/lib/db/client";
import type { CallState } from "@/lib/calls/machine";

const LONG_AGO = new Date("2024-01-01T00:00:00Z");

/**
 * Routing rings only softphones with a fresh heartbeat. Tests and scripts seed a heartbeat
 * now and run with a heartbeat TTL of years (SEEDED_HEARTBEAT_TTL_S), so the phone stays
 * connected for the whole run, yet a leg that fails to reach it still marks it lost.
 */
export const SEEDED_HEARTBEAT_TTL_S = String(10 * 365 * 86_400);
export const seededHeartbeat = () => new Date();

/** Available staff with a connected softphone; earlier in the list = idle longer (routes first after the preferred one). */
export async function seedStaff(db: Db, names: string[]): Promise<string[]> {
  const ids: string[] = [];
  for (const [i, displayName] of names.entries()) {
    const s = await db.staff.create({
      data: { displayName, presence: "available", softphoneSeenAt: seededHeartbeat(), lastCallEndedAt: new Date(Date.UTC(2025, 0, 1, 9, i)) },
    });
    ids.push(s.id);
  }
  return ids;
}

/** A person who owns `phone` (E.164) since long ago. */
export async function seedPerson(db: Db, phone: string, opts: { assignedStaffId?: string; firstName?: string } = {}): Promise<string> {
  const p = await db.person.create({ data: { firstName: opts.firstName ?? "Caller", phone, assignedStaffId: opts.assignedStaffId ?? null } });
  await db.contactPoint.create({
    data: { kind: "phone", value: phone, personId: p.id, validFrom: LONG_AGO, firstSeenAt: LONG_AGO, lastSeenAt: LONG_AGO, origin: "test" },
  });
  return p.id;
}

export async function poll<T>(probe: () => Promise<T | null | undefined | false>, timeoutMs = 10_000, everyMs = 25): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== null && v !== undefined && v !== false) return v;
    if (Date.now() > until) throw new Error(`poll: timed out after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

export async function callIdBySid(db: Db, callSid: string, timeoutMs = 5_000): Promise<string> {
  return poll(async () => (await db.phoneCall.findUnique({ where: { callSid }, select: { id: true } }))?.id, timeoutMs);
}

/** Terminal, with every effect run (the interaction written, the staff released). */
export async function finished(db: Db, callId: string, timeoutMs = 10_000) {
  return poll(async () => {
    const call = await db.phoneCall.findUniqueOrThrow({ where: { id: callId } });
    if (call.state !== "completed" && call.state !== "failed") return null;
    const pending = await db.phoneCallEffect.count({ where: { phoneCallId: callId, doneAt: null } });
    return pending === 0 ? call : null;
  }, timeoutMs);
}

export async function inState(db: Db, callId: string, state: CallState, timeoutMs = 10_000) {
  return poll(async () => (await db.phoneCall.findFirst({ where: { id: callId, state } })) ?? null, timeoutMs);
}

/** The states the call moved through (transitions that changed state), in order. */
export async function statePath(db: Db, callId: string): Promise<CallState[]> {
  const rows = await db.callTransition.findMany({ where: { phoneCallId: callId }, orderBy: { seq: "asc" } });
  return rows.filter((r) => r.fromState !== r.toState).map((r) => r.toState);
}
