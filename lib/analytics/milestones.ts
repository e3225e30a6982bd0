import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { resolveContact } from "@/lib/identity/contact-resolver";
import { normaliseEmail } from "@/lib/identity/email";
import { normalisePhone } from "@/lib/identity/phone";

export const MILESTONE_KINDS = ["first_contact", "first_reply", "application_submitted", "profile_activated"] as const;
export type MilestoneKind = (typeof MILESTONE_KINDS)[number];

export const MILESTONE_LABELS: Record<MilestoneKind, string> = {
  first_contact: "First contact",
  first_reply: "First reply",
  application_submitted: "Application submitted",
  profile_activated: "Profile activated",
};

/**
 * One milestone as our application system sends it. The person is named by our id, or by an
 * email or phone that the contact history resolves at the milestone's time.
 */
export const milestoneSchema = z
  .object({
    externalId: z.string().trim().min(1).max(200),
    kind: z.enum(MILESTONE_KINDS),
    occurredAt: z.iso.datetime({ offset: true }).transform((s) => new Date(s)),
    personId: z.uuid().optional(),
    email: z.string().max(320).optional(),
    phone: z.string().max(40).optional(),
  })
  .refine((m) => m.personId !== undefined || m.email !== undefined || m.phone !== undefined, { message: "name the person: personId, email or phone" });
export type MilestoneInput = z.infer<typeof milestoneSchema>;

/** A body of one milestone or `{ milestones: [...] }` (up to 500). */
export const milestoneBodySchema = z.union([milestoneSchema.transform((m) => [m]), z.object({ milestones: z.array(milestoneSchema).min(1).max(500) }).transform((b) => b.milestones)]);

export type MilestoneOutcome =
  | { externalId: string; ok: true; id: string; created: boolean }
  | { externalId: string; ok: false; reason: "unknown_person" | "ambiguous_person" | "external_id_conflict" };

async function personFor(db: Db, m: MilestoneInput, region: string): Promise<{ ok: true; id: string } | { ok: false; reason: "unknown_person" | "ambiguous_person" }> {
  if (m.personId) {
    const p = await db.person.findUnique({ where: { id: m.personId }, select: { id: true } });
    return p ? { ok: true, id: p.id } : { ok: false, reason: "unknown_person" };
  }
  const email = normaliseEmail(m.email);
  const phone = normalisePhone(m.phone, region);
  for (const q of [email ? { kind: "email" as const, value: email } : null, phone ? { kind: "phone" as const, value: phone } : null]) {
    if (!q) continue;
    const r = await resolveContact(db, "person", { ...q, at: m.occurredAt });
    if (r.ok) return { ok: true, id: r.id };
    if (r.reason === "ambiguous") return { ok: false, reason: "ambiguous_person" };
  }
  return { ok: false, reason: "unknown_person" };
}

/**
 * Store milestones, idempotent on the external id: the same milestone sent again stores
 * nothing and answers the row it made the first time; the same id with another kind, person
 * or time is refused (a sender bug, not a retry).
 */
export async function recordMilestones(db: Db, input: MilestoneInput[], source: "api" | "webhook" | "seed", region = "AU"): Promise<MilestoneOutcome[]> {
  const out: MilestoneOutcome[] = [];
  for (const m of input) {
    const person = await personFor(db, m, region);
    if (!person.ok) {
      out.push({ externalId: m.externalId, ok: false, reason: person.reason });
      continue;
    }
    const inserted = await db.$queryRaw<{ id: string }[]>`
      INSERT INTO person_milestones (external_id, person_id, kind, occurred_at, source)
      VALUES (${m.externalId}, ${person.id}::uuid, ${m.kind}::"MilestoneKind", ${m.occurredAt}, ${source})
      ON CONFLICT (external_id) DO NOTHING
      RETURNING id`;
    if (inserted[0]) {
      out.push({ externalId: m.externalId, ok: true, id: inserted[0].id, created: true });
      continue;
    }
    const existing = await db.personMilestone.findUniqueOrThrow({ where: { externalId: m.externalId } });
    const same = existing.personId === person.id && existing.kind === m.kind && existing.occurredAt.getTime() === m.occurredAt.getTime();
    out.push(same ? { externalId: m.externalId, ok: true, id: existing.id, created: false } : { externalId: m.externalId, ok: false, reason: "external_id_conflict" });
  }
  return out;
}

/** 201 when something new was stored, 200 when all were already there, 422 when none could be. */
export function milestoneStatus(outcomes: MilestoneOutcome[]): number {
  if (outcomes.some((o) => o.ok && o.created)) return 201;
  if (outcomes.some((o) => o.ok)) return 200;
  return 422;
}
