import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/tests/support/test-db";
import { resolveContact, resolveContacts } from "./contact-resolver";

const d = (s: string) => new Date(s);

describe("resolveContacts (temporal)", () => {
  let t: TestDatabase;
  let alice: string;
  let bob: string;
  let carol: string;
  let staffId: string;

  beforeAll(async () => {
    t = await createTestDatabase();
    const db = t.db;
    alice = (await db.person.create({ data: { firstName: "Alice" } })).id;
    bob = (await db.person.create({ data: { firstName: "Bob" } })).id;
    carol = (await db.person.create({ data: { firstName: "Carol" } })).id;
    staffId = (await db.staff.create({ data: { displayName: "Sam" } })).id;
    const cp = (kind: "phone" | "email", value: string, owner: { personId?: string; staffId?: string }, from: string, to: string | null) =>
      db.contactPoint.create({
        data: { kind, value, ...owner, validFrom: d(from), validTo: to ? d(to) : null, firstSeenAt: d(from), lastSeenAt: d(to ?? from), origin: "test" },
      });
    // +61400000001 belonged to Alice until 1 June, then to Bob.
    await cp("phone", "+61400000001", { personId: alice }, "2026-01-01", "2026-06-01");
    await cp("phone", "+61400000001", { personId: bob }, "2026-06-01", null);
    // A shared inbox: two people at once.
    await cp("email", "home@example.com", { personId: alice }, "2026-01-01", null);
    await cp("email", "home@example.com", { personId: carol }, "2026-01-01", null);
    await cp("phone", "+61280001000", { staffId }, "2025-01-01", null);
  });
  afterAll(async () => {
    await t.drop();
  });

  it("finds who owned a number on each date", async () => {
    expect(await resolveContact(t.db, "person", { kind: "phone", value: "+61400000001", at: d("2026-03-01") })).toMatchObject({ ok: true, id: alice });
    expect(await resolveContact(t.db, "person", { kind: "phone", value: "+61400000001", at: d("2026-07-01") })).toMatchObject({ ok: true, id: bob });
    expect(await resolveContact(t.db, "person", { kind: "phone", value: "+61400000001", at: d("2026-06-01T00:00:00Z") })).toMatchObject({ ok: true, id: bob });
  });

  it("says unknown before anyone owned it, and for a stranger", async () => {
    expect(await resolveContact(t.db, "person", { kind: "phone", value: "+61400000001", at: d("2025-06-01") })).toEqual({ ok: false, reason: "unknown" });
    expect(await resolveContact(t.db, "person", { kind: "phone", value: "+61499999999", at: d("2026-03-01") })).toEqual({ ok: false, reason: "unknown" });
  });

  it("says ambiguous when two people owned it then, and compares emails case-insensitively", async () => {
    expect(await resolveContact(t.db, "person", { kind: "email", value: "Home@Example.com", at: d("2026-03-01") })).toEqual({ ok: false, reason: "ambiguous" });
  });

  it("resolves staff from staff-owned contact points only", async () => {
    expect(await resolveContact(t.db, "staff", { kind: "phone", value: "+61280001000", at: d("2026-03-01") })).toMatchObject({ ok: true, id: staffId });
    expect(await resolveContact(t.db, "person", { kind: "phone", value: "+61280001000", at: d("2026-03-01") })).toEqual({ ok: false, reason: "unknown" });
    expect(await resolveContact(t.db, "staff", { kind: "phone", value: "+61400000001", at: d("2026-03-01") })).toEqual({ ok: false, reason: "unknown" });
  });

  it("answers a batch in the order asked", async () => {
    const r = await resolveContacts(t.db, "person", [
      { kind: "phone", value: "+61400000001", at: d("2026-07-01") },
      { kind: "phone", value: "+61499999999", at: d("2026-07-01") },
      { kind: "phone", value: "+61400000001", at: d("2026-02-01") },
    ]);
    expect(r.map((x) => (x.ok ? x.id : x.reason))).toEqual([bob, "unknown", alice]);
  });

  it("honours an ops 'ignore' from its effective time on", async () => {
    await t.db.contactResolution.create({ data: { kind: "phone", value: "+61411111111", action: "ignore", effectiveFrom: d("2026-05-01"), createdBy: "ops" } });
    expect(await resolveContact(t.db, "person", { kind: "phone", value: "+61411111111", at: d("2026-05-02") })).toEqual({ ok: false, reason: "ignored" });
    expect(await resolveContact(t.db, "person", { kind: "phone", value: "+61411111111", at: d("2026-04-30") })).toEqual({ ok: false, reason: "unknown" });
  });
});
