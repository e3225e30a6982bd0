import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedPerson } from "@/tests/support/call-fixtures";
import { createTestDatabase, type TestDatabase } from "@/tests/support/test-db";
import { screenPop } from "./screen-pop";

/** The screen pop as staff see it when a call rings. */
describe("screen pop", () => {
  let t: TestDatabase;
  let staffId: string;
  beforeAll(async () => {
    t = await createTestDatabase();
    staffId = (await t.db.staff.create({ data: { displayName: "Tess", presence: "available" } })).id;
  });
  afterAll(async () => {
    await t?.drop();
  });

  const call = (from: string, personId: string | null = null, startedAt = new Date()) =>
    t.db.phoneCall.create({ data: { callSid: `CA${Math.random().toString(16).slice(2).padEnd(32, "0").slice(0, 32)}`, direction: "inbound", fromNumber: from, toNumber: "+61280000000", personId, startedAt } });

  it("shows the caller's name, contacts, last three orders newest first, bookings, conversations and who they last spoke with", async () => {
    const id = await seedPerson(t.db, "+61400000001", { firstName: "Mira" });
    await t.db.person.update({ where: { id }, data: { lastName: "Okafor", email: "mira@example.com" } });
    for (let i = 0; i < 5; i++) {
      await t.db.order.create({ data: { externalId: `o-${i}`, personId: id, totalCents: 1000 * (i + 1), status: "paid", summary: `Order ${i}`, placedAt: new Date(Date.UTC(2026, 0, i + 1)) } });
    }
    await t.db.booking.create({ data: { externalId: "b-1", personId: id, service: "Fitting", status: "confirmed", startsAt: new Date(Date.UTC(2026, 5, 1)) } });
    await t.db.interactionEvent.create({ data: { personId: id, staffId, channel: "sms", direction: "inbound", occurredAt: new Date(Date.UTC(2026, 3, 1)), summary: "Is my order ready?" } });
    const c = await call("+61400000001", id);
    const pop = await screenPop(t.db, c.id);
    expect(pop?.people).toHaveLength(1);
    const p = pop!.people[0]!;
    expect(p.name).toBe("Mira Okafor");
    expect(p.contacts).toEqual(expect.arrayContaining([{ kind: "phone", value: "+61400000001" }, { kind: "email", value: "mira@example.com" }]));
    expect(p.orders.map((o) => o.summary)).toEqual(["Order 4", "Order 3", "Order 2"]);
    expect(p.bookings.map((b) => b.service)).toEqual(["Fitting"]);
    expect(p.interactions[0]?.summary).toBe("Is my order ready?");
    expect(p.lastSpokeWith).toMatchObject({ staffId, name: "Tess" });
  });

  it("a number two people share shows both, each with their own orders, never a blend", async () => {
    const a = await seedPerson(t.db, "+61299998888", { firstName: "Ana" });
    const b = await seedPerson(t.db, "+61299998888", { firstName: "Ben" });
    await t.db.order.create({ data: { externalId: "ana-1", personId: a, totalCents: 500, status: "paid", summary: "Ana's order", placedAt: new Date() } });
    await t.db.order.create({ data: { externalId: "ben-1", personId: b, totalCents: 700, status: "paid", summary: "Ben's order", placedAt: new Date() } });
    const c = await call("+61299998888");
    const pop = await screenPop(t.db, c.id);
    const byName = Object.fromEntries(pop!.people.map((p) => [p.name, p.orders.map((o) => o.summary)]));
    expect(byName).toEqual({ Ana: ["Ana's order"], Ben: ["Ben's order"] });
  });

  it("someone who owned the number only before the call is not shown; an unknown caller has nobody", async () => {
    const old = await t.db.person.create({ data: { firstName: "Former" } });
    await t.db.contactPoint.create({
      data: { kind: "phone", value: "+61411111111", personId: old.id, validFrom: new Date("2020-01-01"), validTo: new Date("2021-01-01"), firstSeenAt: new Date("2020-01-01"), lastSeenAt: new Date("2021-01-01"), origin: "test" },
    });
    const pop = await screenPop(t.db, (await call("+61411111111")).id);
    expect(pop).toMatchObject({ number: "+61411111111", people: [] });
    expect(await screenPop(t.db, "00000000-0000-4000-8000-000000000000")).toBeNull();
  });
});
