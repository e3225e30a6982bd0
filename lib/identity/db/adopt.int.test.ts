// Issue 13 item 6: a person the engine did not make (ops created them for an unknown texter, or
// the seed did) is adopted by identity when their contact shows up on an order, never shadowed.
import { describe, expect, it } from "vitest";
import { createPersonFromContact } from "@/lib/interactions/contact-decisions";
import { resolveContact } from "@/lib/identity/contact-resolver";
import { loadSkipRules } from "@/lib/interactions/skip-rules";
import { assignments, store, useIdentityTestDb } from "@/tests/support/identity-db";
import { runFullSync } from "./full-sync/full-sync";
import { resolveRecords } from "./resolve-records";

const opts = { rules: loadSkipRules(undefined), defaultRegion: "AU" as const };

describe("identity adopts people made by ops or the seed", () => {
  const t = useIdentityTestDb({ truncate: true });
  const seeded = async (phone: string, email: string) =>
    (await t.db.person.create({ data: { firstName: "Dana", lastName: "Seed", phone, email, contactPoints: { create: [
      { kind: "phone", value: phone, validFrom: new Date("2025-01-01"), firstSeenAt: new Date("2025-01-01"), lastSeenAt: new Date(), origin: "seed" },
      { kind: "email", value: email, validFrom: new Date("2025-01-01"), firstSeenAt: new Date("2025-01-01"), lastSeenAt: new Date(), origin: "seed" },
    ] } } })).id;

  it("an order with the phone of a person ops created from the queue joins that person; the next SMS is theirs, not ambiguous", async () => {
    const made = await createPersonFromContact(t.db, { contact: { kind: "phone", value: "+61412555111" }, firstName: "Pat", actor: "ops" }, opts);
    const outcomes = await resolveRecords(t.pool, await store(t, [{ source: "order", id: "o1", first_name: "Patricia", last_name: "Lane", email: "pat@example.com", phone: "0412 555 111" }]));
    expect(outcomes.map((o) => o.action)).toEqual(["attach"]);
    expect((await assignments(t)).get("order:o1")).toBe(made.personId);
    expect(await t.db.person.count()).toBe(1);
    expect(await resolveContact(t.db, "person", { kind: "phone", value: "+61412555111", at: new Date() })).toMatchObject({ ok: true, id: made.personId });
    // Its other contact is the person's now too.
    expect(await resolveContact(t.db, "person", { kind: "email", value: "pat@example.com", at: new Date() })).toMatchObject({ ok: true, id: made.personId });
    const audit = await t.db.mergeAudit.findFirstOrThrow({ where: { personId: made.personId! } });
    expect(audit).toMatchObject({ action: "attach", evidence: expect.objectContaining({ rule: expect.stringContaining("adopted") }) });
    // A full sync afterwards keeps the record on the adopted person.
    await runFullSync(t.pool);
    expect((await assignments(t)).get("order:o1")).toBe(made.personId);
    expect(await t.db.person.count()).toBe(1);
  });

  it("a seeded person is adopted by their first order by email, and a weak record with their phone attaches to them", async () => {
    const dana = await seeded("+61412555222", "dana@example.com");
    await resolveRecords(t.pool, await store(t, [
      { source: "order", id: "o2", first_name: "Dana", last_name: "Seed", email: "DANA@example.com" , phone: null },
      { source: "sbm", id: "b2", phone: "+61 412 555 222" },
    ]));
    const a = await assignments(t);
    expect([a.get("order:o2"), a.get("sbm:b2")]).toEqual([dana, dana]);
    expect(await t.db.person.count()).toBe(1);
  });

  it("adopts nobody when two such people hold the contact: the engine decides as before", async () => {
    await seeded("+61412555333", "one@example.com");
    await seeded("+61412555333", "two@example.com");
    const outcomes = await resolveRecords(t.pool, await store(t, [{ source: "order", id: "o3", first_name: "Ann", last_name: "Other", phone: "0412 555 333" }]));
    expect(outcomes.map((o) => o.action)).toEqual(["new"]);
    expect(await t.db.person.count()).toBe(3);
  });
});
