import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { normaliseEmail, normalisePhone } from "./connectors/contact";
import { moveEventStatuses } from "./event-status";
import { processEvents, type ProcessOptions, type StoredEvent } from "./process-events";

/**
 * Ops decisions about a contact nobody could match. Each is recorded as a
 * ContactResolution (who, when, from which time), written to the audit log,
 * and acted on at once: every waiting event with that contact is reprocessed.
 * A link also becomes a ContactPoint (origin `ops_link`), so the resolver
 * finds the person by itself from then on. Every decision can be undone.
 */
export const contactSchema = z.object({
  kind: z.enum(["phone", "email", "handle"]),
  value: z.string().trim().min(1).max(320),
});
export type ContactInput = z.infer<typeof contactSchema>;

export function normaliseContact(c: ContactInput, region = "AU"): ContactInput | null {
  if (c.kind === "handle") return { kind: "handle", value: c.value };
  const value = c.kind === "phone" ? normalisePhone(c.value, region as "AU") : normaliseEmail(c.value);
  return value ? { kind: c.kind, value } : null;
}

type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];
const WAITING = ["unmatchable_person", "unmatchable_both"];

async function waitingEvents(tx: Tx, c: ContactInput, statuses = WAITING, reason?: string): Promise<StoredEvent[]> {
  return tx.$queryRaw<StoredEvent[]>`
    SELECT id, vendor::text AS vendor, event_type, payload, received_at, occurred_at
      FROM incoming_events
     WHERE contact_kind = ${c.kind}::"ContactKind" AND contact_value = ${c.value}
       AND status::text = ANY(${statuses}) AND (${reason ?? null}::text IS NULL OR reason = ${reason ?? null})
     ORDER BY received_at
     FOR UPDATE`;
}

function firstSeen(events: StoredEvent[], fallback: Date): Date {
  return events.reduce((min, e) => {
    const at = e.occurred_at ?? e.received_at;
    return at < min ? at : min;
  }, fallback);
}

export type DecisionResult = { resolutionId: string; personId: string | null; reprocessed: number; statuses: Record<string, number> };

export async function linkContact(
  db: Db,
  input: { contact: ContactInput; personId: string; actor: string; effectiveFrom?: Date },
  opts: ProcessOptions,
): Promise<DecisionResult | { error: "no_such_person" }> {
  return db.$transaction(async (tx) => {
    const person = await tx.person.findUnique({ where: { id: input.personId }, select: { id: true } });
    if (!person) return { error: "no_such_person" as const };
    return applyLink(tx, input.contact, person.id, input.actor, "link", input.effectiveFrom, opts);
  });
}

export async function createPersonFromContact(
  db: Db,
  input: { contact: ContactInput; firstName?: string; lastName?: string; actor: string },
  opts: ProcessOptions,
): Promise<DecisionResult> {
  return db.$transaction(async (tx) => {
    const person = await tx.person.create({
      data: {
        firstName: input.firstName?.trim() || null,
        lastName: input.lastName?.trim() || null,
        ...(input.contact.kind === "email" ? { email: input.contact.value } : input.contact.kind === "phone" ? { phone: input.contact.value } : {}),
      },
    });
    return applyLink(tx, input.contact, person.id, input.actor, "create", undefined, opts);
  });
}

async function applyLink(tx: Tx, c: ContactInput, personId: string, actor: string, action: "link" | "create", effectiveFrom: Date | undefined, opts: ProcessOptions): Promise<DecisionResult> {
  const events = await waitingEvents(tx, c);
  const now = new Date();
  const from = effectiveFrom ?? firstSeen(events, now);
  // The database's time for this transaction: every interaction the link creates carries the
  // same created_at, which is how an undo tells them from ones that existed before.
  const [{ now: txNow }] = await tx.$queryRaw<[{ now: Date }]>`SELECT now() AS now`;
  const resolution = await tx.contactResolution.create({
    data: { kind: c.kind, value: c.value, action, personId, effectiveFrom: from, createdBy: actor, createdAt: txNow },
  });
  await tx.contactPoint.create({
    data: { kind: c.kind, value: c.value, personId, validFrom: from, firstSeenAt: from, lastSeenAt: now, origin: "ops_link" },
  });
  const summary = await processEvents(tx, events, opts);
  await tx.auditLog.create({
    data: { actor, action: `contact.${action}`, target: `${c.kind}:${c.value}`, details: { resolutionId: resolution.id, personId, effectiveFrom: from.toISOString(), reprocessed: events.length } },
  });
  return { resolutionId: resolution.id, personId, reprocessed: events.length, statuses: summary.statuses };
}

export async function ignoreContact(db: Db, input: { contact: ContactInput; actor: string }): Promise<DecisionResult> {
  return db.$transaction(async (tx) => {
    const c = input.contact;
    const events = await waitingEvents(tx, c);
    // "Now and in future": from the first time we saw it.
    const from = firstSeen(events, new Date());
    const resolution = await tx.contactResolution.create({ data: { kind: c.kind, value: c.value, action: "ignore", effectiveFrom: from, createdBy: input.actor } });
    await moveEventStatuses(tx, events.map((e) => ({ id: e.id, to: "ignored" as const, reason: "contact ignored by ops" })));
    await tx.auditLog.create({ data: { actor: input.actor, action: "contact.ignore", target: `${c.kind}:${c.value}`, details: { resolutionId: resolution.id, events: events.length } } });
    return { resolutionId: resolution.id, personId: null, reprocessed: events.length, statuses: { ignored: events.length } };
  });
}

/**
 * Reverses a decision: the resolution is marked undone (kept, for the record),
 * a link's contact point and the interactions it produced are removed, and the
 * events go back to the queue. A person created by the decision is removed if
 * nothing else refers to it.
 */
export async function undoDecision(db: Db, input: { resolutionId: string; actor: string }, opts: ProcessOptions): Promise<{ ok: true; requeued: number } | { error: "not_found" | "already_undone" }> {
  return db.$transaction(async (tx) => {
    const r = await tx.contactResolution.findUnique({ where: { id: input.resolutionId } });
    if (!r) return { error: "not_found" as const };
    if (r.undoneAt) return { error: "already_undone" as const };
    await tx.contactResolution.update({ where: { id: r.id }, data: { undoneAt: new Date(), undoneBy: input.actor } });
    const c = { kind: r.kind as ContactInput["kind"], value: r.value };
    let requeued = 0;
    if (r.action === "ignore") {
      const events = await waitingEvents(tx, c, ["ignored"], "contact ignored by ops");
      await moveEventStatuses(tx, events.map((e) => ({ id: e.id, to: "unmatchable_person" as const, reason: "ignore undone" })), { undo: true });
      // Back through the processor: they may resolve now, or wait in the queue again.
      await processEvents(tx, events, opts);
      requeued = events.length;
    } else if (r.personId) {
      await tx.contactPoint.deleteMany({ where: { kind: r.kind, value: r.value, personId: r.personId, origin: "ops_link", validFrom: r.effectiveFrom } });
      const produced = await tx.$queryRaw<{ id: string; incoming_event_id: string; before: boolean }[]>`
        SELECT i.id, i.incoming_event_id, i.created_at < ${r.createdAt} AS before
          FROM interaction_events i JOIN incoming_events e ON e.id = i.incoming_event_id
         WHERE i.person_id = ${r.personId}::uuid AND e.contact_kind = ${r.kind}::"ContactKind" AND e.contact_value = ${r.value}`;
      // Back to how things were: interactions the link created go; one that existed
      // before it (a call recorded while its caller was unknown) only loses the person.
      await tx.interactionEvent.deleteMany({ where: { id: { in: produced.filter((p) => !p.before).map((p) => p.id) } } });
      await tx.interactionEvent.updateMany({ where: { id: { in: produced.filter((p) => p.before).map((p) => p.id) } }, data: { personId: null } });
      await moveEventStatuses(tx, produced.map((p) => ({ id: p.incoming_event_id, to: "unmatchable_person" as const, reason: "link undone" })), { undo: true });
      requeued = produced.length;
      if (r.action === "create") {
        const refs = await tx.person.findUnique({
          where: { id: r.personId },
          select: { _count: { select: { interactions: true, contactPoints: true, sourceRecords: true, orders: true, bookings: true, appointments: true } } },
        });
        if (refs && Object.values(refs._count).every((n) => n === 0)) await tx.person.delete({ where: { id: r.personId } });
      }
    }
    await tx.auditLog.create({ data: { actor: input.actor, action: `contact.${r.action}.undo`, target: `${r.kind}:${r.value}`, details: { resolutionId: r.id, requeued } } });
    return { ok: true as const, requeued };
  });
}
