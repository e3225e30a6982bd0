import { describe, expect, it } from "vitest";
import type { SourceRecordInput } from "@/lib/identity";
import { store, useIdentityTestDb, fullSync, personOf as personOfRecord } from "@/tests/support/identity-db";

const at = (d: string) => `${d}T10:00:00Z`;

describe("full sync against Postgres", () => {
  const t = useIdentityTestDb({ truncate: true });

  const sync = () => fullSync(t);
  const personOf = (key: string) => personOfRecord(t, key);

  it("keeps a couple sharing an inbox as two people, each with the shared email as a contact point", async () => {
    await store(t, [
      { source: "order", id: "o1", first_name: "Karen", last_name: "Walsh", email: "walshes@example.com", phone: "0412 345 678", updated_at: at("2025-03-01") },
      { source: "order", id: "o2", first_name: "Albert", last_name: "Walsh", email: "walshes@example.com", phone: "0413 999 888", updated_at: at("2025-04-01") },
      { source: "sbm", id: "s1", full_name: "Walsh, Karen", email: "walshes@example.com", updated_at: at("2025-05-01") },
    ]);
    await sync();
    const karen = await personOf("order:o1");
    const albert = await personOf("order:o2");
    expect(karen).not.toBeNull();
    expect(albert).not.toBe(karen);
    expect(await personOf("sbm:s1")).toBe(karen);
    const people = await t.db.person.findMany({ orderBy: { firstName: "asc" }, select: { firstName: true, lastName: true, email: true, origin: true } });
    expect(people).toEqual([
      { firstName: "Albert", lastName: "Walsh", email: "walshes@example.com", origin: "identity" },
      { firstName: "Karen", lastName: "Walsh", email: "walshes@example.com", origin: "identity" },
    ]);
    const shared = await t.db.contactPoint.findMany({ where: { value: "walshes@example.com" }, select: { personId: true, validTo: true, firstSeenAt: true } });
    expect(shared.map((c) => c.personId).sort()).toEqual([karen, albert].sort());
    expect(shared.find((c) => c.personId === karen)?.firstSeenAt).toEqual(new Date(at("2025-03-01")));
    expect(shared.every((c) => c.validTo === null)).toBe(true);
  });

  it("matches O’Brien with O'Brien, and bins a 000000 number", async () => {
    await store(t, [
      { source: "order", id: "o1", first_name: "Sean", last_name: "O’Brien", email: "sean@example.com", phone: "0412 000 000" },
      { source: "aj", id: "a1", first_name: "sean", last_name: "O'Brien", email: "SEAN@example.com " },
      { source: "aj", id: "a2", first_name: "Pat", last_name: "Nobody", phone: "0400 000 000" },
    ]);
    await sync();
    expect(await personOf("order:o1")).toBe(await personOf("aj:a1"));
    expect(await personOf("aj:a2")).toBeNull();
    const junk = await t.db.sourceRecord.findFirstOrThrow({ where: { externalId: "a2" }, select: { matchPhone: true, droppedReason: true, matchStatus: true } });
    expect(junk).toEqual({ matchPhone: null, droppedReason: "no_contact", matchStatus: "dropped" });
    expect(await t.db.contactPoint.count({ where: { kind: "phone" } })).toBe(0);
  });

  it("keeps person ids across syncs as people gain and lose records, and keeps contact points as history", async () => {
    await store(t, [
      { source: "order", id: "o1", first_name: "Mia", last_name: "Chen", email: "mia@example.com", phone: "0412 111 222", updated_at: at("2025-01-01") },
      { source: "aj", id: "a1", first_name: "Mia", last_name: "Chen", email: "mia@example.com", phone: "0412 111 222", updated_at: at("2025-02-01") },
    ]);
    await sync();
    const mia = await personOf("order:o1");
    // gains a record
    await store(t, [{ source: "sbm", id: "s1", full_name: "Mia Chen", email: "mia@example.com", phone: "0499 888 777", updated_at: at("2025-06-01") }]);
    await sync();
    expect(await personOf("sbm:s1")).toBe(mia);
    // loses one: the booking now names someone else entirely
    await store(t, [{ source: "sbm", id: "s1", full_name: "Omar Haddad", email: "omar@example.com", phone: "0477 000 111", updated_at: at("2025-07-01") }]);
    const second = await sync();
    expect(await personOf("order:o1")).toBe(mia);
    expect(await personOf("sbm:s1")).not.toBe(mia);
    expect(second.stats).toMatchObject({ persons_created: 1 });
    const phones = await t.db.contactPoint.findMany({ where: { personId: mia!, kind: "phone" }, orderBy: { value: "asc" }, select: { value: true, validTo: true } });
    expect(phones.map((p) => [p.value, p.validTo === null])).toEqual([
      ["+61412111222", true],
      ["+61499888777", false],
    ]);
    const run = await t.db.identitySyncRun.findFirstOrThrow({ where: { id: second.runId } });
    expect(run).toMatchObject({ status: "succeeded", stage: "commit" });
  });

  it("audits merges with per-field evidence, and sweeps only the profiles it emptied", async () => {
    await store(t, [
      { source: "order", id: "o1", first_name: "Ivy", last_name: "Nolan", email: "ivy@example.com" },
      { source: "order", id: "o2", first_name: "Ivy", last_name: "Nolan", email: "ivy@example.com" },
      { source: "aj", id: "a1", first_name: "Ivy", last_name: "Nolan", phone: "0412 333 444" },
    ]);
    await sync();
    expect(await personOf("order:o1")).not.toBe(await personOf("aj:a1"));
    const emptiedSoon = await personOf("aj:a1");
    const seeded = await t.db.person.create({ data: { firstName: "Seed", lastName: "Person" } });
    // the missing link: a record carrying both the email and the phone
    await store(t, [{ source: "sbm", id: "s1", full_name: "Ivy Nolan", email: "ivy@example.com", phone: "0412 333 444" }]);
    await sync();
    const ivy = await personOf("order:o1");
    expect(await personOf("aj:a1")).toBe(ivy);
    expect(await t.db.person.findUnique({ where: { id: emptiedSoon! } })).toBeNull();
    expect(await t.db.person.findUnique({ where: { id: seeded.id } })).not.toBeNull();
    const audit = await t.db.mergeAudit.findFirstOrThrow({ where: { personId: ivy!, otherPersonId: emptiedSoon! } });
    expect(audit.action).toBe("merge");
    const evidence = audit.evidence as { edges: { fields: { field: string; level: string; weight: number }[]; probability: number }[] };
    expect(evidence.edges.length).toBeGreaterThan(0);
    expect(evidence.edges[0]!.fields.map((f) => f.field)).toEqual(["firstName", "lastName", "email", "phone"]);
    expect(evidence.edges[0]!.probability).toBeGreaterThan(0.99);
  });

  it("keeps an emptied profile that owns interactions", async () => {
    await store(t, [
      { source: "order", id: "o1", first_name: "Lea", last_name: "Roux", email: "lea@example.com" },
      { source: "order", id: "o2", first_name: "Lea", last_name: "Roux", email: "lea@example.com" },
      { source: "aj", id: "a1", first_name: "Lea", last_name: "Roux", phone: "0412 555 666" },
    ]);
    await sync();
    // the merged profile keeps the id most of its records had: o1/o2's, not a1's
    const talkedTo = (await personOf("aj:a1"))!;
    await t.db.interactionEvent.create({ data: { personId: talkedTo, channel: "sms", direction: "inbound", occurredAt: new Date(), summary: "hi" } });
    await store(t, [{ source: "sbm", id: "s1", full_name: "Lea Roux", email: "lea@example.com", phone: "0412 555 666" }]);
    await sync();
    expect(await personOf("aj:a1")).not.toBe(talkedTo);
    expect(await t.db.person.findUnique({ where: { id: talkedTo } })).not.toBeNull();
    // it no longer claims the number: the call resolver finds one owner
    expect(await t.db.contactPoint.count({ where: { personId: talkedTo, validTo: null } })).toBe(0);
  });

  it("caches a rejection, skips it while nothing changes, and looks again after new evidence", async () => {
    const records: SourceRecordInput[] = [
      { source: "order", id: "o1", first_name: "Maria", last_name: "Lopez", phone: "0412 777 888" },
      { source: "order", id: "o2", last_name: "Garcia", phone: "0412 777 888" },
    ];
    await store(t, records);
    await sync();
    expect(await personOf("order:o1")).not.toBe(await personOf("order:o2"));
    const cached = await t.db.mergeRejection.findFirstOrThrow();
    expect(cached.reason).toBe("below_threshold");
    const again = await sync();
    expect(again.stats).toMatchObject({ cached_rejections: 1, rejections_cached: 0 });
    expect((await t.db.mergeRejection.findFirstOrThrow()).createdAt).toEqual(cached.createdAt);
    await store(t, [{ source: "order", id: "o2", first_name: "Maria", last_name: "Lopez", phone: "0412 777 888" }]);
    await sync();
    expect(await personOf("order:o2")).toBe(await personOf("order:o1"));
    expect(await t.db.mergeRejection.count()).toBe(0);
  });
});
