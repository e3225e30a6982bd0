import type { Db } from "@/lib/db/client";
import type { Channel, Direction } from "@/lib/db/generated/client";
import { prng } from "@/lib/prng";

const DAY = 86_400_000;
const TOUCH: { channel: Channel; summary: string }[] = [
  { channel: "sms", summary: "Checking in about your application" },
  { channel: "call", summary: "Call, 4 min" },
  { channel: "email", summary: "Your application: next steps" },
  { channel: "sms", summary: "Thanks, I'll finish it tonight" },
  { channel: "in_app", summary: "Question about the form" },
];

/**
 * The demo's journeys and calls, on their own random stream so the rest of the demo stays as
 * it was: per person, first contact (our outreach) → maybe a first reply → maybe an application
 * (with touchpoints between) → maybe an activated profile; and two weeks of inbound calls rung
 * at staff, some answered and some missed, for staff activity.
 */
export async function seedAnalytics(db: Db, now: Date) {
  const rand = prng(20261201);
  const at = (t: number) => new Date(Math.min(t, now.getTime() - 60_000));
  const people = await db.person.findMany({ orderBy: [{ createdAt: "asc" }, { email: "asc" }], select: { id: true, phone: true } });
  const staff = await db.staff.findMany({ where: { userId: { not: null } }, orderBy: { displayName: "asc" }, select: { id: true } });
  const touch = async (personId: string, direction: Direction, when: Date, i: number) => {
    const t = TOUCH[i % TOUCH.length]!;
    const staffId = staff[i % staff.length]!.id;
    const detail =
      t.channel === "sms" ? { sms: { create: { body: t.summary, deliveryStatus: direction === "inbound" ? "received" : "delivered" } } }
      : t.channel === "call" ? { call: { create: { durationSeconds: 240, outcome: "answered" } } }
      : t.channel === "email" ? { email: { create: { subject: t.summary } } }
      : { inAppMessage: { create: { senderRole: direction === "inbound" ? "customer" : "staff", body: t.summary } } };
    await db.interactionEvent.create({ data: { personId, staffId, channel: t.channel, direction, occurredAt: when, summary: t.summary, ...detail } });
  };
  const milestones: { externalId: string; personId: string; kind: "first_contact" | "first_reply" | "application_submitted" | "profile_activated"; occurredAt: Date; source: string }[] = [];
  for (const [n, p] of people.entries()) {
    const fc = now.getTime() - (20 + Math.floor(rand() * 300)) * DAY;
    milestones.push({ externalId: `demo-${n}-first_contact`, personId: p.id, kind: "first_contact", occurredAt: at(fc), source: "seed" });
    await touch(p.id, "outbound", at(fc), n);
    if (rand() > 0.75) continue;
    const fr = fc + Math.floor(rand() * 3 * DAY) + 3_600_000;
    milestones.push({ externalId: `demo-${n}-first_reply`, personId: p.id, kind: "first_reply", occurredAt: at(fr), source: "seed" });
    await touch(p.id, "inbound", at(fr), n + 3);
    if (rand() > 0.6) continue;
    const app = fr + (2 + Math.floor(rand() * 25)) * DAY;
    const touches = Math.floor(rand() * 7);
    for (let k = 0; k < touches; k++) await touch(p.id, k % 2 === 0 ? "outbound" : "inbound", at(fr + ((k + 1) * (app - fr)) / (touches + 1)), n + k);
    milestones.push({ externalId: `demo-${n}-application_submitted`, personId: p.id, kind: "application_submitted", occurredAt: at(app), source: "seed" });
    if (rand() > 0.6) continue;
    milestones.push({ externalId: `demo-${n}-profile_activated`, personId: p.id, kind: "profile_activated", occurredAt: at(app + (1 + Math.floor(rand() * 10)) * DAY), source: "seed" });
  }
  await db.personMilestone.createMany({ data: milestones, skipDuplicates: true });

  for (let c = 0; c < 120 && people.length > 0 && staff.length > 0; c++) {
    const p = people[Math.floor(rand() * people.length)]!;
    const started = now.getTime() - Math.floor(rand() * 14 * DAY) - 3_600_000;
    const first = staff[Math.floor(rand() * staff.length)]!;
    const second = staff[(staff.indexOf(first) + 1) % staff.length]!;
    const rung = rand() < 0.25 ? [first, second] : [first];
    const answered = rand() < 0.8;
    const lastLegAt = started + 2_000 + (rung.length - 1) * 20_000;
    const answeredAt = answered ? lastLegAt + 3_000 + Math.floor(rand() * 15_000) : null;
    const endedAt = answeredAt ? answeredAt + (30 + Math.floor(rand() * 570)) * 1000 : lastLegAt + 20_000;
    const call = await db.phoneCall.create({
      data: {
        callSid: `CAdemo${String(c).padStart(26, "0")}`,
        direction: "inbound",
        fromNumber: p.phone ?? "+61400000000",
        toNumber: "+61299990000",
        personId: p.id,
        staffId: answered ? rung[rung.length - 1]!.id : null,
        state: "completed",
        endReason: answered ? "conference_ended" : "caller_hung_up",
        startedAt: new Date(started),
        answeredAt: answeredAt ? new Date(answeredAt) : null,
        endedAt: new Date(endedAt),
      },
    });
    for (const [k, s] of rung.entries()) {
      await db.phoneCallLeg.create({ data: { phoneCallId: call.id, legKey: `staff-${k}`, staffId: s.id, toAddress: `client:${s.id}`, createdAt: new Date(started + 2_000 + k * 20_000) } });
    }
  }
  return { milestones: milestones.length };
}
