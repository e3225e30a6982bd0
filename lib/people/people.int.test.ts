import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/tests/support/test-db";
import { searchPeople } from "./search-people";
import { getTimeline } from "./timeline";
import type { PeopleQuery } from "./search-query";

const REGION = { region: "AU" };
const day = (d: string) => new Date(`${d}T10:00:00Z`);

describe("people list and timeline", () => {
  let t: TestDatabase;
  let jane: string, janet: string, bob: string, staffA: string;

  const person = async (firstName: string, lastName: string, contacts: { kind: "phone" | "email"; value: string }[] = [], extra: object = {}) => {
    const p = await t.db.person.create({ data: { firstName, lastName, email: contacts.find((c) => c.kind === "email")?.value, phone: contacts.find((c) => c.kind === "phone")?.value, ...extra } });
    for (const c of contacts) await t.db.contactPoint.create({ data: { ...c, personId: p.id, validFrom: day("2025-01-01"), firstSeenAt: day("2025-01-01"), lastSeenAt: day("2025-06-01"), origin: "identity" } });
    return p.id;
  };
  const names = async (q: PeopleQuery) => (await searchPeople(t.db, q, REGION)).people.map((p) => p.name);

  beforeAll(async () => {
    t = await createTestDatabase();
    staffA = (await t.db.staff.create({ data: { displayName: "Amy" } })).id;
    jane = await person("Jane", "Smithson", [{ kind: "phone", value: "+61412345678" }, { kind: "email", value: "jane@example.com" }], { assignedStaffId: staffA });
    janet = await person("Janet", "Smith", [{ kind: "phone", value: "+61298765432" }]);
    bob = await person("Bob", "Jones", [{ kind: "email", value: "bob@example.org" }]);
    // an old number of Bob's, closed: still finds him
    await t.db.contactPoint.create({ data: { kind: "phone", value: "+61400111222", personId: bob, validFrom: day("2020-01-01"), validTo: day("2024-01-01"), firstSeenAt: day("2020-01-01"), lastSeenAt: day("2023-12-01"), origin: "identity" } });
    await t.db.sourceRecord.create({ data: { source: "sbm", externalId: "s1", raw: {}, personId: janet, evidenceVersion: "v" } });
    await t.db.interactionEvent.create({ data: { personId: bob, channel: "sms", direction: "inbound", occurredAt: day("2026-03-01"), summary: "hi", sms: { create: { body: "hello there" } } } });
  });
  afterAll(async () => {
    await t?.drop();
  });

  it("finds a phone typed any way, through current and past numbers", async () => {
    for (const q of ["0412 345 678", "+61 412-345-678", "(04) 1234 5678", "61412345678"]) expect(await names({ q })).toEqual(["Jane Smithson"]);
    expect(await names({ q: "0400 111 222" })).toEqual(["Bob Jones"]);
    expect(await names({ q: "0499 999 999" })).toEqual([]);
  });

  it("finds an email whatever its case, and names by prefix and by similarity, prefix first", async () => {
    expect(await names({ q: " JANE@Example.com " })).toEqual(["Jane Smithson"]);
    expect(await names({ q: "jan" })).toEqual(expect.arrayContaining(["Jane Smithson", "Janet Smith"]));
    expect(await names({ q: "smith" })).toEqual(expect.arrayContaining(["Janet Smith", "Jane Smithson"]));
    // a typo: no prefix matches, trigram similarity does
    expect((await names({ q: "jane smithsen" }))[0]).toBe("Jane Smithson");
    // misspelled in both parts, as a whole name: each part matched on its own, best first
    expect(await names({ q: "Jayne SMITHSEN" })).toEqual(["Jane Smithson"]);
    expect(await names({ q: "bobby jonas" })).toEqual(["Bob Jones"]);
    expect(await names({ q: "zzz" })).toEqual([]);
    // part of an email, as ops type it when linking a contact
    expect(await names({ q: "example.org" })).toEqual(["Bob Jones"]);
    expect(await names({ q: "jane@ex" })).toEqual(["Jane Smithson"]);
  });

  it("filters by source, interactions, last contact and assigned staff", async () => {
    expect(await names({ source: "sbm" })).toEqual(["Janet Smith"]);
    expect(await names({ interactions: "any" })).toEqual(["Bob Jones"]);
    expect(await names({ interactions: "none" })).toEqual(["Janet Smith", "Jane Smithson"]);
    expect(await names({ contactFrom: "2026-03-01", contactTo: "2026-03-01" })).toEqual(["Bob Jones"]);
    expect(await names({ contactFrom: "2026-03-02" })).toEqual([]);
    expect(await names({ staff: staffA })).toEqual(["Jane Smithson"]);
  });

  it("pages by keyset in name and last-contact order without repeats or gaps", async () => {
    for (const sort of ["name", "recent"] as const) {
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await searchPeople(t.db, { sort, limit: 1, cursor }, REGION);
        seen.push(...page.people.map((p) => p.id));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      expect(seen).toHaveLength(3);
      expect(new Set(seen).size).toBe(3);
      if (sort === "name") expect(seen).toEqual([bob, janet, jane]);
      else expect(seen[0]).toBe(bob);
    }
  });

  it("streams every kind newest first, filters, and pages by (time, id)", async () => {
    const p = await person("Tim", "Line");
    const staffB = (await t.db.staff.create({ data: { displayName: "Ben" } })).id;
    await t.db.order.create({ data: { externalId: "o1", personId: p, totalCents: 1200, status: "paid", summary: "2 items", placedAt: day("2026-01-01") } });
    await t.db.booking.create({ data: { externalId: "b1", personId: p, service: "Consult", status: "confirmed", startsAt: day("2026-01-02") } });
    await t.db.mergeAudit.create({ data: { action: "merge", personId: p, recordIds: ["r1", "r2"], evidence: { edges: [] }, actor: "identity.full-sync", createdAt: day("2026-01-03") } });
    await t.db.contactResolution.create({ data: { kind: "phone", value: "+61411000000", action: "link", personId: p, effectiveFrom: day("2026-01-04"), createdBy: "ops@x", createdAt: day("2026-01-04") } });
    await t.db.interactionEvent.create({ data: { personId: p, staffId: staffB, channel: "call", direction: "inbound", occurredAt: day("2026-01-05"), summary: "call", call: { create: { outcome: "answered", durationSeconds: 95, recordingUrl: "http://x/RE1" } } } });
    await t.db.interactionEvent.create({ data: { personId: p, channel: "email", direction: "inbound", occurredAt: day("2026-01-06"), summary: "email", email: { create: { subject: "Booking change" } } } });
    // 30 texts at one instant: the id breaks the tie
    for (let i = 0; i < 30; i++) await t.db.interactionEvent.create({ data: { personId: p, channel: "sms", direction: "outbound", occurredAt: day("2026-01-07"), summary: `sms ${i}`, sms: { create: { body: `text ${i}`, deliveryStatus: "delivered" } } } });

    const all: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await getTimeline(t.db, p, { limit: 7, cursor });
      all.push(...page.items.map((i) => i.kind));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(all).toEqual([...Array<string>(30).fill("sms"), "email", "call", "decision", "merge", "booking", "order"]);

    const sms = await getTimeline(t.db, p, { kinds: ["sms"], limit: 100 });
    expect(sms.items).toHaveLength(30);
    expect(new Set(sms.items.map((i) => (i.detail.kind === "sms" ? i.detail.body : "")))).toHaveProperty("size", 30);
    const calls = await getTimeline(t.db, p, { staff: staffB });
    expect(calls.items.map((i) => [i.kind, i.staff, i.detail])).toEqual([["call", "Ben", { kind: "call", outcome: "answered", durationSeconds: 95, media: [{ kind: "recording", from: "twilio" }], wrapUp: null }]]);
    const dated = await getTimeline(t.db, p, { from: "2026-01-02", to: "2026-01-04" });
    expect(dated.items.map((i) => i.kind)).toEqual(["decision", "merge", "booking"]);
  });
});
