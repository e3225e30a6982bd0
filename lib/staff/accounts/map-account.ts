/**
 * An admin maps a staff member to their Aircall user or Front teammate: the vendor id becomes
 * a ContactPoint of the staff member (origin `admin_map`), so the resolver finds them, and
 * every event that waited on that account (unmatchable_staff / _both) is processed again.
 * Remapping an account closes its old owner's row (history kept, never overwritten).
 */
import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { toInteraction } from "@/lib/interactions/connectors";
import { processEvents, type ProcessOptions, type StoredEvent } from "@/lib/interactions/process-events";
import type { StaffMember, Mapping } from "./suggest";

export const mapAccountSchema = z.object({
  staffId: z.uuid(),
  kind: z.enum(["aircall_user", "front_teammate"]),
  externalId: z.string().trim().min(1).max(100),
});
export type MapAccountInput = z.infer<typeof mapAccountSchema>;

export const ORIGIN = "admin_map";
const VENDOR = { aircall_user: "aircall", front_teammate: "front" } as const;

type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

/** Events still waiting for a staff member that name this account (the payload is checked again by its connector). */
async function eventsWaitingOn(tx: Tx, kind: MapAccountInput["kind"], externalId: string): Promise<{ events: StoredEvent[]; earliest: Date | null }> {
  const candidates = await tx.$queryRaw<StoredEvent[]>`
    SELECT id, vendor::text AS vendor, event_type, payload, received_at, occurred_at
      FROM incoming_events
     WHERE vendor = ${VENDOR[kind]}::"Vendor" AND status IN ('unmatchable_staff', 'unmatchable_both')
       AND (payload->'data'->'user'->>'id' = ${externalId}
            OR payload->'payload'->'target'->'data'->'author'->>'id' = ${externalId}
            OR payload->'payload'->'conversation'->'assignee'->>'id' = ${externalId})
     ORDER BY received_at
     FOR UPDATE`;
  let earliest: Date | null = null;
  const events = candidates.filter((e) => {
    const t = toInteraction(e.vendor, e.event_type, e.payload);
    if (!t.ok || t.interaction.staff?.kind !== kind || t.interaction.staff.value !== externalId) return false;
    // The time the processor resolves the staff member at (process-events.ts).
    const at = t.interaction.occurredAt ?? e.occurred_at ?? e.received_at;
    if (!earliest || at < earliest) earliest = at;
    return true;
  });
  return { events, earliest };
}

export type MapResult = { ok: true; reprocessed: number; statuses: Record<string, number> } | { ok: false; error: "no_such_staff" };

export async function mapStaffAccount(db: Db, input: MapAccountInput & { actor: string }, opts: ProcessOptions): Promise<MapResult> {
  return db.$transaction(async (tx) => {
    const staff = await tx.staff.findUnique({ where: { id: input.staffId }, select: { id: true } });
    if (!staff) return { ok: false as const, error: "no_such_staff" as const };
    // One mapping per account at a time: serialise admins mapping the same account.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(7301, hashtext(${`${input.kind}:${input.externalId}`}))`;
    const now = new Date();
    const open = await tx.contactPoint.findMany({ where: { kind: input.kind, value: input.externalId, validTo: null, staffId: { not: null } } });
    const { events, earliest } = await eventsWaitingOn(tx, input.kind, input.externalId);
    if (!open.some((c) => c.staffId === input.staffId)) {
      await tx.contactPoint.updateMany({ where: { id: { in: open.map((c) => c.id) } }, data: { validTo: now } });
      // A first mapping covers the account's past too (its waiting events); a remap starts now.
      const from = open.length || !earliest ? now : earliest;
      await tx.contactPoint.create({
        data: { kind: input.kind, value: input.externalId, staffId: input.staffId, validFrom: from, firstSeenAt: from, lastSeenAt: now, origin: ORIGIN },
      });
    }
    const summary = await processEvents(tx, events, opts);
    await tx.auditLog.create({
      data: { actor: input.actor, action: "staff.map_account", target: `${input.kind}:${input.externalId}`, details: { staffId: input.staffId, replaced: open.map((c) => c.staffId), reprocessed: events.length } },
    });
    return { ok: true as const, reprocessed: events.length, statuses: summary.statuses };
  });
}

/** Ends an account's mapping (from now); its past interactions keep their staff member. */
export async function unmapStaffAccount(db: Db, input: Omit<MapAccountInput, "staffId"> & { actor: string }): Promise<number> {
  return db.$transaction(async (tx) => {
    const n = await tx.contactPoint.updateMany({ where: { kind: input.kind, value: input.externalId, validTo: null, staffId: { not: null } }, data: { validTo: new Date() } });
    await tx.auditLog.create({ data: { actor: input.actor, action: "staff.unmap_account", target: `${input.kind}:${input.externalId}`, details: { closed: n.count } } });
    return n.count;
  });
}

/** Staff (with their sign-in email, the suggestion key) and the mappings in force. */
export async function staffAndMappings(db: Db): Promise<{ staff: StaffMember[]; mappings: Mapping[]; waiting: Record<string, number> }> {
  const [staff, points, waiting] = await Promise.all([
    db.staff.findMany({ select: { id: true, displayName: true, user: { select: { email: true } } }, orderBy: { displayName: "asc" } }),
    db.contactPoint.findMany({ where: { kind: { in: ["aircall_user", "front_teammate"] }, validTo: null, staffId: { not: null } }, select: { kind: true, value: true, staffId: true } }),
    db.$queryRaw<{ kind: string; id: string; n: bigint }[]>`
      SELECT 'aircall_user' AS kind, payload->'data'->'user'->>'id' AS id, count(*) AS n FROM incoming_events
       WHERE vendor = 'aircall' AND status IN ('unmatchable_staff', 'unmatchable_both') AND payload->'data'->'user'->>'id' IS NOT NULL GROUP BY 2
      UNION ALL
      SELECT 'front_teammate', coalesce(payload->'payload'->'target'->'data'->'author'->>'id', payload->'payload'->'conversation'->'assignee'->>'id'), count(*) FROM incoming_events
       WHERE vendor = 'front' AND status IN ('unmatchable_staff', 'unmatchable_both') GROUP BY 2`,
  ]);
  return {
    staff: staff.map((s) => ({ id: s.id, displayName: s.displayName, email: s.user?.email ?? null })),
    mappings: points.map((p) => ({ kind: p.kind as Mapping["kind"], externalId: p.value, staffId: p.staffId! })),
    waiting: Object.fromEntries(waiting.filter((w) => w.id).map((w) => [`${w.kind}:${w.id}`, Number(w.n)])),
  };
}
