// Issue 13 item 6: a person the engine did not make (ops created them for an unknown texter, or
// the seed did) is adopted by identity when their contact shows up on an order, never shadowed.
import { describe, expect, it } from "vitest";
import { createPersonFromContact } from "./contact-decisions";
import { resolveContact } from "@/lib/identity/contact-resolver";
import { loadSkipRules } from "./skip-rules";
import { assignments, store, useIdentityTestDb } from "@/tests/support/identity-db";
import { runFullSync } from "@/lib/identity/db/full-sync/full-sync";
import { resolveRecords } from "@/lib/identity/db/resolve-records";

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
    // a full sync afterwards leaves both where they are: the weak record's phone is still only Dana's
    await runFullSync(t.pool);
    const after = await assignments(t);
    expect([after.get("order:o2"), after.get("sbm:b2")]).toEqual([dana, dana]);
  });

  it("adopts nobody when two such people hold the contact: the engine decides as before", async () => {
    await seeded("+61412555333", "one@example.com");
    await seeded("+61412555333", "two@example.com");
    const outcomes = await resolveRecords(t.pool, await store(t, [{ source: "order", id: "o3", first_name: "Ann", last_name: "Other", phone: "0412 555 333" }]));
    expect(outcomes.map((o) => o.action)).toEqual(["new"]);
    expect(await t.db.person.count()).toBe(3);
  });

  describe("by a full sync over records placed in bulk", () => {
    const adoptions = () => t.db.mergeAudit.findMany({ where: { action: "attach" } });

    it("the seeded and the ops-made person take their customers' records: no duplicate, each adoption audited", async () => {
      const dana = await seeded("+61412555444", "dana@example.com");
      const pat = await createPersonFromContact(t.db, { contact: { kind: "phone", value: "+61412555555" }, firstName: "Pat", actor: "ops" }, opts);
      await store(t, [
        { source: "order", id: "o1", first_name: "Dana", last_name: "Seed", email: "DANA@example.com", phone: null },
        { source: "sbm", id: "b1", first_name: "Dana", last_name: "Seed", email: "dana@example.com", phone: "0412 555 444" },
        { source: "order", id: "o2", first_name: "Patricia", last_name: "Lane", email: "pat@example.com", phone: "0412 555 555" },
      ]);
      const run = await runFullSync(t.pool);
      expect(await t.db.person.count()).toBe(2);
      const a = await assignments(t);
      expect([a.get("order:o1"), a.get("sbm:b1"), a.get("order:o2")]).toEqual([dana, dana, pat.personId]);
      expect(run).toMatchObject({ ok: true, stats: { persons_adopted: 2, persons_created: 0 } });
      expect(await resolveContact(t.db, "person", { kind: "email", value: "pat@example.com", at: new Date() })).toMatchObject({ ok: true, id: pat.personId });
      const audits = await adoptions();
      expect(audits.map((x) => [x.personId, x.recordIds.length, x.reason]).sort()).toEqual(
        [[dana, 2, "full sync: adopted"], [pat.personId, 1, "full sync: adopted"]].sort(),
      );
      for (const x of audits) expect(x.evidence).toMatchObject({ rule: expect.stringContaining("adopted") });
      // the next sync finds them as the records' persons: nothing moves, nothing is audited again
      expect(await runFullSync(t.pool)).toMatchObject({ ok: true, stats: { persons_adopted: 0, persons_created: 0, records_reassigned: 0 } });
      expect(await adoptions()).toHaveLength(2);
    });

    it("a weak record with a seeded person's phone, no record's else, is theirs after a first full sync too", async () => {
      const dana = await seeded("+61412555999", "dana9@example.com");
      await store(t, [
        { source: "order", id: "o7", first_name: "Dana", last_name: "Seed", email: "dana9@example.com", phone: null },
        { source: "sbm", id: "b7", phone: "+61 412 555 999" },
      ]);
      expect(await runFullSync(t.pool)).toMatchObject({ ok: true, stats: { persons_adopted: 1, weak_adopted: 1, persons_created: 0 } });
      const a = await assignments(t);
      expect([a.get("order:o7"), a.get("sbm:b7")]).toEqual([dana, dana]);
      expect((await adoptions()).map((x) => x.reason).sort()).toEqual(["full sync: adopted", "full sync: adopted (weak record)"]);
      expect(await runFullSync(t.pool)).toMatchObject({ ok: true, stats: { records_reassigned: 0 } });
    });

    it("adopts nobody when two such people hold the contact, or when two profiles the engine kept apart point at one", async () => {
      const one = await seeded("+61412555666", "one@example.com");
      await seeded("+61412555666", "two@example.com");
      await seeded("+61412555777", "three@example.com");
      await store(t, [
        { source: "order", id: "o3", first_name: "Ann", last_name: "Other", phone: "0412 555 666" },
        { source: "sbm", id: "b3", email: "one@example.com" },
        { source: "sbm", id: "b4", phone: "0412 555 666" },
        // John and Mary share a phone: never one person, so neither is the seeded one
        { source: "order", id: "o4", first_name: "John", last_name: "Shared", phone: "0412 555 777" },
        { source: "order", id: "o5", first_name: "Mary", last_name: "Shared", phone: "0412 555 777" },
      ]);
      expect(await runFullSync(t.pool)).toMatchObject({ ok: true, stats: { persons_adopted: 0, persons_created: 3 } });
      expect(await t.db.person.count()).toBe(6);
      // one@ is only the first seeded person's: the weak record is theirs; the shared phone's weak record goes to Ann, whose order carries it
      const a = await assignments(t);
      expect(a.get("sbm:b3")).toBe(one);
      expect(a.get("sbm:b4")).toBe(a.get("order:o3"));
      expect((await adoptions()).map((x) => x.reason)).toEqual(["full sync: adopted (weak record)"]);
    });

    it("never adopts into a person the engine made", async () => {
      const engine = await t.db.person.create({ data: { firstName: "Eve", origin: "identity", contactPoints: { create: [
        { kind: "phone", value: "+61412555888", validFrom: new Date("2025-01-01"), firstSeenAt: new Date("2025-01-01"), lastSeenAt: new Date(), origin: "ops_link" },
      ] } } });
      await store(t, [{ source: "order", id: "o6", first_name: "Eve", last_name: "Engine", phone: "0412 555 888" }]);
      await runFullSync(t.pool);
      expect((await assignments(t)).get("order:o6")).not.toBe(engine.id);
      expect(await adoptions()).toHaveLength(0);
    });
  });
});
