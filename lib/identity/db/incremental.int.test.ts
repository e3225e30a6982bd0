import { describe, expect, it } from "vitest";
import type { SourceRecordInput } from "@/lib/identity";
import { assignments, store, useIdentityTestDb, personOf as personOfRecord } from "@/tests/support/identity-db";
import { explainRecordAndPerson, explainRecords } from "./explain-store";
import { runFullSync } from "./full-sync/full-sync";
import { resolveRecords } from "./resolve-records";
import { runSafetyNets } from "./safety-nets";
import { withClient } from "./sql";
import { unmergeRecords } from "./unmerge";

describe("incremental resolves and ops actions against Postgres", () => {
  const t = useIdentityTestDb({ truncate: true });

  const ingest = async (records: SourceRecordInput[]) => resolveRecords(t.pool, await store(t, records));
  const personOf = (key: string) => personOfRecord(t, key);
  const rowId = async (key: string) => (await t.pool.query<{ id: string }>("SELECT id FROM source_records WHERE source::text || ':' || external_id = $1", [key])).rows[0]!.id;

  it("joins a new record to its person, and attaches a bare email import to the profile with that email", async () => {
    const first = await ingest([{ source: "order", id: "o1", first_name: "Nora", last_name: "Quinn", email: "nora@example.com", phone: "0412 100 200" }]);
    expect(first.map((o) => o.action)).toEqual(["new"]);
    const joined = await ingest([{ source: "aj", id: "a1", first_name: "Nora", last_name: "Quinn", phone: "+61 412 100 200" }]);
    expect(joined.map((o) => o.action)).toEqual(["join"]);
    const bare = await ingest([{ source: "order", id: "o2", email: " NORA@example.com" }]);
    expect(bare.map((o) => o.action)).toEqual(["attach"]);
    const nora = await personOf("order:o1");
    expect(await personOf("aj:a1")).toBe(nora);
    expect(await personOf("order:o2")).toBe(nora);
    const audits = await t.db.mergeAudit.findMany({ where: { personId: nora! }, orderBy: { createdAt: "asc" }, select: { action: true } });
    expect(audits.map((a) => a.action)).toEqual(["merge", "attach"]);
  });

  it("attaches a bare email that arrived first once its profile appears", async () => {
    expect((await ingest([{ source: "order", id: "w1", email: "early@example.com" }])).map((o) => [o.action, "reason" in o ? o.reason : null])).toEqual([["wait", "no_match"]]);
    const outcomes = await ingest([{ source: "aj", id: "a1", first_name: "Early", last_name: "Bird", email: "early@example.com" }]);
    expect(outcomes.map((o) => o.action)).toEqual(["new", "attach"]);
    expect(await personOf("order:w1")).toBe(await personOf("aj:a1"));
  });

  it("keeps the internal account's crowded inbox fast and does not fuse the people under it", async () => {
    const internal = (k: number, first: string, last: string): SourceRecordInput => ({ source: "order", id: `int${k}`, first_name: first, last_name: last, email: "orders@internal.example.com", phone: "02 9999 0000" });
    const bucket = Array.from({ length: 150 }, (_, k) => internal(k, "Ring", "Prep"));
    await store(t, [...bucket, internal(150, "Alice", "Smith"), internal(151, "Bob", "Jones"), { source: "aj", id: "a1", first_name: "Alice", last_name: "Smith", email: "alice@example.com", phone: "0412 321 321" }]);
    await runFullSync(t.pool);
    const started = performance.now();
    const outcomes = await ingest([internal(200, "Ring", "Prep"), internal(201, "Carol", "White"), internal(202, "Alice", "Smith")]);
    const ms = performance.now() - started;
    expect(outcomes.map((o) => o.action)).toEqual(["join", "new", "join"]);
    const a = await assignments(t);
    expect(a.get("order:int200")).toBe(a.get("order:int0"));
    expect(a.get("order:int202")).toBe(a.get("order:int150"));
    expect(new Set([a.get("order:int0"), a.get("order:int150"), a.get("order:int151"), a.get("order:int201"), a.get("aj:a1")]).size).toBe(5);
    const crowded = await t.db.identityCrowdedValue.findMany({ orderBy: { kind: "asc" }, select: { kind: true, records: true } });
    expect(crowded).toEqual([
      { kind: "email", records: 155 },
      { kind: "phone", records: 155 },
    ]);
    // three resolves against a 150-record bucket read at most 64 candidates each
    expect(ms).toBeLessThan(1_000);
  });

  it("caches a rejection, and re-checks it once either record brings new evidence", async () => {
    await ingest([{ source: "order", id: "o1", first_name: "Maria", last_name: "Lopez", phone: "0412 777 888" }]);
    const second = await ingest([{ source: "order", id: "o2", last_name: "Garcia", phone: "0412 777 888" }]);
    expect(second.map((o) => o.action)).toEqual(["new"]);
    const cached = await t.db.mergeRejection.findFirstOrThrow();
    expect(cached).toMatchObject({ reason: "below_threshold" });
    // the same evidence again: the pair is skipped, not re-scored
    await resolveRecords(t.pool, [await rowId("order:o2")]);
    expect((await t.db.mergeRejection.findFirstOrThrow()).createdAt).toEqual(cached.createdAt);
    const after = await ingest([{ source: "order", id: "o2", first_name: "Maria", last_name: "Lopez", phone: "0412 777 888" }]);
    expect(after.map((o) => o.action)).toEqual(["join"]);
    expect(await personOf("order:o2")).toBe(await personOf("order:o1"));
  });

  it("un-merges on an ops request: two people again, audited, and a full sync keeps them apart", async () => {
    await ingest([
      { source: "order", id: "o1", first_name: "Sam", last_name: "Taylor", email: "taylors@example.com", phone: "0412 444 555" },
      { source: "order", id: "o2", first_name: "Sam", last_name: "Taylor", email: "taylors@example.com", phone: "0412 444 555" },
      { source: "aj", id: "a1", first_name: "Sam", last_name: "Taylor", email: "taylors@example.com" },
    ]);
    const sam = (await personOf("order:o1"))!;
    expect(await personOf("aj:a1")).toBe(sam);
    const result = await unmergeRecords(t.pool, { personId: sam, recordIds: [await rowId("aj:a1")], actor: "ops@switchboard.test", reason: "Samantha, not Samuel" });
    if (!result.ok) throw new Error(result.reason);
    expect(result).toMatchObject({ personId: sam, moved: 1, rejections: 2 });
    expect(await personOf("aj:a1")).toBe(result.newPersonId);
    const audit = await t.db.mergeAudit.findFirstOrThrow({ where: { action: "unmerge" } });
    expect(audit).toMatchObject({ personId: sam, otherPersonId: result.newPersonId, actor: "ops@switchboard.test", reason: "Samantha, not Samuel" });
    expect((audit.evidence as { pairsRejected: number }).pairsRejected).toBe(2);
    await runFullSync(t.pool);
    expect(await personOf("order:o1")).toBe(sam);
    expect(await personOf("aj:a1")).toBe(result.newPersonId);
    expect(await unmergeRecords(t.pool, { personId: sam, recordIds: [await rowId("aj:a1")], actor: "ops" })).toEqual({ ok: false, reason: "records_not_on_person" });
  });

  it("un-merges by itself a person holding the primary and the partner of one booking", async () => {
    await ingest([
      { source: "aj", id: "b1", booking_id: "b1", first_name: "Jo", last_name: "Park", email: "parks@example.com", phone: "0412 600 700" },
      { source: "aj_partner", id: "b1-p", booking_id: "b1", first_name: "Jo", last_name: "Park", email: "parks@example.com", phone: "0412 600 700" },
    ]);
    const primary = (await personOf("aj:b1"))!;
    expect(await personOf("aj_partner:b1-p")).not.toBe(primary);
    // another writer fused them anyway
    await t.pool.query("UPDATE source_records SET person_id = $1", [primary]);
    const r = await runSafetyNets(t.pool);
    expect(r.split).toEqual([primary]);
    expect(await personOf("aj:b1")).toBe(primary);
    expect(await personOf("aj_partner:b1-p")).not.toBe(primary);
    const audit = await t.db.mergeAudit.findFirstOrThrow({ where: { action: "unmerge" } });
    expect(audit).toMatchObject({ personId: primary, reason: "never_fuse:booking", actor: "identity.safety-nets" });
  });

  it("explains two records, and a record against a person", async () => {
    await ingest([
      { source: "order", id: "o1", first_name: "Liam", last_name: "O’Neill", email: "liam@example.com" },
      { source: "aj", id: "a1", first_name: "Liam", last_name: "O'Neill", email: "liam@example.com", phone: "0412 808 909" },
      { source: "order", id: "o2", first_name: "Grace", last_name: "O'Neill", email: "liam@example.com" },
    ]);
    const pair = await withClient(t.pool, (sql) => explainRecords(sql, { source: "order", externalId: "o1" }, { source: "aj", externalId: "a1" }));
    if (!pair.ok) throw new Error(pair.reason);
    expect(pair.explanation.fields.map((f) => [f.field, f.level])).toEqual([
      ["firstName", "exact"],
      ["lastName", "exact"],
      ["email", "agree"],
      ["phone", "missing"],
    ]);
    expect(pair.explanation.wouldMerge).toBe(true);
    const liam = (await personOf("order:o1"))!;
    const grace = await withClient(t.pool, (sql) => explainRecordAndPerson(sql, { source: "order", externalId: "o2" }, liam));
    if (!grace.ok) throw new Error(grace.reason);
    expect(grace.verdict).toEqual({ joins: false, reason: "first_name_conflict" });
    expect(grace.profile.firstNameConflict).toBe(true);
    expect(await withClient(t.pool, (sql) => explainRecords(sql, { id: "00000000-0000-4000-8000-000000000000" }, { source: "aj", externalId: "a1" }))).toEqual({ ok: false, reason: "record_not_found" });
  });
});
