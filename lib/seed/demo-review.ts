import type { Db } from "@/lib/db/client";
import { DEFAULT_CONFIG } from "@/lib/identity/config";
import { explain } from "@/lib/identity/explain";
import { normaliseRecord } from "@/lib/identity/normalise";
import { edgeFromExplanation } from "@/lib/identity/db/audit-evidence";
import { titleCase } from "@/lib/identity/names";
import type { SourceRecordInput } from "@/lib/identity/types";

/**
 * Merge review in the demo: pairs of persons, each made from one source record, that the
 * engine would be unsure of, written into possible_matches with the engine's own evidence
 * (explain), as the identity engine writes them; and Priya Raman, whose timeline has texts
 * and a call (the browser tests search her phone typed with spaces).
 */
export const DEMO_PAIRS: [SourceRecordInput, SourceRecordInput][] = [
  [
    { source: "order", id: "demo-review-1a", first_name: "Tom", last_name: "Wright", email: "tw@example.com", phone: "0413 220 303" },
    { source: "aj", id: "demo-review-1b", first_name: "Tomas", last_name: "Wright", email: "tom.wright@example.com", phone: "0413 220 304" },
  ],
  [
    { source: "order", id: "demo-review-2a", first_name: "Lena", last_name: "Fischer", email: "lena.f@example.com", phone: "0413 220 202" },
    { source: "sbm", id: "demo-review-2b", full_name: "Lena Fisher", email: "lena.fisher@example.org", phone: "0413 220 209" },
  ],
  [
    { source: "order", id: "demo-review-3a", first_name: "Sam", last_name: "Okafor", email: "sam.okafor@example.com", phone: "0413 220 101" },
    { source: "aj", id: "demo-review-3b", first_name: "Samuel", last_name: "Okafr", email: "s.okafor@example.net", phone: "0413 999 101" },
  ],
];

export const DEMO_TIMELINE_PERSON = { firstName: "Priya", lastName: "Raman", phone: "+61412555010", email: "priya.raman@example.com" };

export async function seedDemoReview(db: Db, now: Date): Promise<void> {
  for (const pair of DEMO_PAIRS) {
    const [a, b] = pair.map((r) => normaliseRecord(r, DEFAULT_CONFIG));
    const rows = [];
    for (const [i, input] of pair.entries()) {
      const n = i === 0 ? a! : b!;
      const person = await db.person.create({ data: { firstName: n.firstName && titleCase(n.firstName), lastName: n.lastName && titleCase(n.lastName), email: n.email, phone: n.phone, origin: "identity" } });
      for (const [kind, value] of [["email", n.email], ["phone", n.phone]] as const) {
        if (value) await db.contactPoint.create({ data: { kind, value, personId: person.id, validFrom: now, firstSeenAt: now, lastSeenAt: now, origin: "identity" } });
      }
      rows.push(
        await db.sourceRecord.create({
          data: {
            source: input.source, externalId: input.id, raw: { ...input }, firstName: input.first_name ?? null, lastName: input.last_name ?? null, fullName: input.full_name ?? null,
            email: input.email ?? null, phone: input.phone ?? null, personId: person.id, evidenceVersion: n.evidenceVersion, matchStatus: n.status,
            matchFirst: n.firstName, matchLast: n.lastName, matchEmail: n.email, matchPhone: n.phone,
          },
        }),
      );
    }
    const e = edgeFromExplanation(a!.key, b!.key, explain(a!, b!, DEFAULT_CONFIG));
    const [x, y] = rows[0]!.id < rows[1]!.id ? [rows[0]!, rows[1]!] : [rows[1]!, rows[0]!];
    await db.possibleMatch.create({ data: { recordA: x.id, recordB: y.id, evidenceA: x.evidenceVersion, evidenceB: y.evidenceVersion, probability: e.probability, evidence: JSON.parse(JSON.stringify(e)) as object } });
  }

  const p = DEMO_TIMELINE_PERSON;
  const priya = await db.person.create({ data: { ...p, contactPoints: { create: [{ kind: "phone", value: p.phone, validFrom: now, firstSeenAt: now, lastSeenAt: now, origin: "seed" }, { kind: "email", value: p.email, validFrom: now, firstSeenAt: now, lastSeenAt: now, origin: "seed" }] } } });
  const at = (minutesAgo: number) => new Date(now.getTime() - minutesAgo * 60_000);
  await db.interactionEvent.create({ data: { personId: priya.id, channel: "call", direction: "inbound", occurredAt: at(300), summary: "Call, 4 min", call: { create: { durationSeconds: 250, outcome: "answered" } } } });
  await db.interactionEvent.create({ data: { personId: priya.id, channel: "sms", direction: "inbound", occurredAt: at(120), summary: "Text about her appointment", sms: { create: { body: "Can I move my appointment to Friday at 3?", deliveryStatus: "received" } } } });
  await db.interactionEvent.create({ data: { personId: priya.id, channel: "email", direction: "inbound", occurredAt: at(60), summary: "Re: appointment", email: { create: { subject: "Re: appointment" } } } });
}
