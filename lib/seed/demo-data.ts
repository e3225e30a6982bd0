import type { Db } from "@/lib/db/client";
import type { Role } from "@/lib/auth/roles";
import { createUser } from "@/lib/users/manage-users";
import { prng } from "@/lib/prng";
import { seedDemoReview } from "./demo-review";
import { seedAnalytics } from "./analytics-data";

/** Demo logins printed by `npm start`. Demo only: never seeded into a database that has users. */
export const DEMO_PASSWORD = "switchboard-demo";
export const DEMO_USERS: { name: string; email: string; role: Role }[] = [
  { name: "Ada Admin", email: "admin@switchboard.test", role: "admin" },
  { name: "Max Manager", email: "manager@switchboard.test", role: "manager" },
  { name: "Olive Ops", email: "ops@switchboard.test", role: "ops" },
  { name: "Sam Staff", email: "staff@switchboard.test", role: "staff" },
  { name: "Tess Staff", email: "tess@switchboard.test", role: "staff" },
];

const FIRST = ["Olivia", "Liam", "Charlotte", "Noah", "Amelia", "Jack", "Isla", "William", "Mia", "Oliver", "Ava", "Henry", "Grace", "Leo", "Chloe", "Lucas", "Zoe", "Thomas", "Ruby", "James", "Sienna", "Ethan", "Harper", "Lachlan", "Matilda"];
const LAST = ["Smith", "Jones", "Williams", "Brown", "Wilson", "Taylor", "Nguyen", "Johnson", "Martin", "White", "Anderson", "Walker", "Thompson", "O'Brien", "Kelly", "Harris", "Lee", "Ryan", "Clarke", "Singh"];
const SERVICES = ["Couples massage", "Facial", "Haircut", "Colour", "Manicure", "Consultation"];
const PRODUCTS = ["Gift card", "Hair serum", "Body oil", "Candle set", "Shampoo duo"];
const SMS = ["Hi, can I move my booking to Friday?", "Thanks, see you then!", "Is the serum back in stock?", "Running 10 min late, sorry", "Can you call me back please?"];

export async function isEmpty(db: Db): Promise<boolean> {
  return (await db.user.count()) === 0;
}

export async function seedDemo(db: Db, opts: { people?: number; now?: Date } = {}) {
  const now = opts.now ?? new Date();
  const rand = prng(20261121);
  const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000 - Math.floor(rand() * 86_400_000));

  for (const u of DEMO_USERS) await createUser(db, { ...u, password: DEMO_PASSWORD });
  const staff = await db.staff.findMany({ orderBy: { displayName: "asc" } });
  // Off shift until someone clicks Start shift on the softphone (that click lets the page ring).
  await db.staff.updateMany({ data: { presence: "offline" } });
  // The business's own line and each staff member's direct number.
  for (const [i, s] of staff.entries()) {
    const value = `+6128000${String(1000 + i).slice(-4)}`;
    await db.contactPoint.create({ data: { kind: "phone", value, staffId: s.id, validFrom: daysAgo(400), firstSeenAt: daysAgo(400), lastSeenAt: now, origin: "seed" } });
  }

  // The shared front desk: the business's main number and support inbox belong to no one person.
  // Offline: nobody answers a softphone as the desk, so calls are never routed to it.
  const desk = await db.staff.create({ data: { displayName: "Front desk (shared)", presence: "offline" } });
  for (const [kind, value] of [["phone", "+61280000000"], ["email", "support@switchboard.test"]] as const) {
    await db.contactPoint.create({ data: { kind, value, staffId: desk.id, validFrom: daysAgo(400), firstSeenAt: daysAgo(400), lastSeenAt: now, origin: "seed" } });
  }

  const count = opts.people ?? 200;
  for (let i = 0; i < count; i++) {
    const first = pick(FIRST);
    const last = pick(LAST);
    const email = `${first}.${last}${i}`.toLowerCase().replace(/[^a-z0-9.]/g, "") + "@example.com";
    const phone = `+6141${String(2345678 + i * 7919).padStart(7, "0").slice(-7)}`;
    const since = daysAgo(30 + Math.floor(rand() * 300));
    const person = await db.person.create({
      data: {
        firstName: first,
        lastName: last,
        email,
        phone,
        assignedStaffId: rand() < 0.3 ? pick(staff).id : null,
        contactPoints: {
          create: [
            { kind: "email", value: email, validFrom: since, firstSeenAt: since, lastSeenAt: now, origin: "seed" },
            { kind: "phone", value: phone, validFrom: since, firstSeenAt: since, lastSeenAt: now, origin: "seed" },
          ],
        },
      },
    });
    const orders = Math.floor(rand() * 3);
    for (let o = 0; o < orders; o++) {
      await db.order.create({
        data: { externalId: `demo-order-${i}-${o}`, personId: person.id, totalCents: 2000 + Math.floor(rand() * 20000), status: "paid", summary: pick(PRODUCTS), placedAt: daysAgo(Math.floor(rand() * 200)) },
      });
    }
    if (rand() < 0.5) {
      await db.booking.create({
        data: { externalId: `demo-sbm-${i}`, personId: person.id, service: pick(SERVICES), status: "confirmed", startsAt: daysAgo(-Math.floor(rand() * 30)) },
      });
    }
    if (rand() < 0.4) {
      await db.appointment.create({
        data: { externalId: `demo-aj-${i}`, personId: person.id, service: pick(SERVICES), status: "booked", startsAt: daysAgo(-Math.floor(rand() * 45)) },
      });
    }
    const interactions = Math.floor(rand() * 4);
    for (let k = 0; k < interactions; k++) {
      const s = pick(staff);
      const at = daysAgo(Math.floor(rand() * 60));
      const kind = rand();
      if (kind < 0.5) {
        const body = pick(SMS);
        await db.interactionEvent.create({
          data: { personId: person.id, staffId: s.id, channel: "sms", direction: "inbound", occurredAt: at, summary: body, sms: { create: { body, deliveryStatus: "received" } } },
        });
      } else if (kind < 0.85) {
        const duration = 30 + Math.floor(rand() * 600);
        await db.interactionEvent.create({
          data: { personId: person.id, staffId: s.id, channel: "call", direction: rand() < 0.7 ? "inbound" : "outbound", occurredAt: at, summary: `Call, ${Math.round(duration / 60)} min`, call: { create: { durationSeconds: duration, outcome: "answered" } } },
        });
        await db.staff.update({ where: { id: s.id }, data: { lastCallEndedAt: at } });
      } else {
        const subject = `Re: your ${pick(SERVICES).toLowerCase()} booking`;
        await db.interactionEvent.create({
          data: { personId: person.id, staffId: s.id, channel: "email", direction: "inbound", occurredAt: at, summary: subject, email: { create: { subject } } },
        });
      }
    }
  }
  await seedDemoReview(db, now);
  await seedAnalytics(db, now);
  return { users: DEMO_USERS.length, people: count };
}
