import { describe, expect, it } from "vitest";
import type { SourceRecordInput } from "@/lib/identity";
import { store, useIdentityTestDb, fullSync, personOf as personOfRecord } from "@/tests/support/identity-db";
import { resolveRecords } from "./resolve-records";

describe("possible matches: written by the engine, decided by ops, kept by both paths", () => {
  const t = useIdentityTestDb({ truncate: true });

  const sync = () => fullSync(t);
  const personOf = (key: string) => personOfRecord(t, key);
  const rowId = async (key: string) => (await t.pool.query<{ id: string }>("SELECT id FROM source_records WHERE source::text || ':' || external_id = $1", [key])).rows[0]!.id;
  const rows = () =>
    t.pool.query<{ kind: string; record_a: string; record_b: string; status: string; reason: string | null; probability: number; evidence: { fields: { field: string; level: string }[] }; evidence_a: string }>(
      "SELECT kind, record_a, record_b, status::text, reason, probability, evidence, evidence_a FROM possible_matches ORDER BY kind, record_a, record_b",
    );
  const decide = (a: string, b: string, status: "confirmed" | "rejected") =>
    t.pool.query("UPDATE possible_matches SET status = $3::\"PossibleMatchStatus\", decided_by = 'ops@test', decided_at = now() WHERE record_a = LEAST($1::uuid, $2::uuid) AND record_b = GREATEST($1::uuid, $2::uuid)", [a, b, status]);

  const couple: SourceRecordInput[] = [
    { source: "order", id: "k1", first_name: "Karen", last_name: "Wang", email: "wangs@example.com", phone: "0412 345 678" },
    { source: "order", id: "a1", first_name: "Albert", last_name: "Wang", email: "wangs@example.com", phone: "0498 765 432" },
    { source: "order", id: "s1", last_name: "Wang", email: "wangs@example.com" },
  ];
  // a shared phone against different surnames and emails: p ≈ 0.82, between review and merge
  const review: SourceRecordInput[] = [
    { source: "order", id: "q1", last_name: "Quinton", email: "zq@example.com", phone: "0412 111 999" },
    { source: "aj", id: "q2", last_name: "Baxter", email: "other@example.com", phone: "0412 111 999" },
  ];

  it("writes an ambiguous surname-only record at a couple's inbox against both people, and a review-band pair", async () => {
    await store(t, [...couple, ...review]);
    await sync();
    expect(await personOf("order:s1")).toBeNull();
    const { rows: found } = await rows();
    const ambiguous = found.filter((r) => r.kind === "ambiguous");
    expect(ambiguous).toHaveLength(2);
    expect(ambiguous.every((r) => r.status === "pending" && /different first names/.test(r.reason ?? ""))).toBe(true);
    const s1 = await rowId("order:s1");
    expect(ambiguous.every((r) => r.record_a === s1 || r.record_b === s1)).toBe(true);
    const scored = found.filter((r) => r.kind === "score");
    expect(scored).toHaveLength(1);
    expect(scored[0]!.probability).toBeGreaterThan(0.5);
    expect(scored[0]!.probability).toBeLessThanOrEqual(0.99);
    expect(scored[0]!.evidence.fields.find((f) => f.field === "phone")?.level).toBe("agree");
    const version = (await t.pool.query<{ evidence_version: string }>("SELECT evidence_version FROM source_records WHERE id = $1", [scored[0]!.record_a])).rows[0]!.evidence_version;
    expect(scored[0]!.evidence_a).toBe(version);
    expect(await personOf("order:q1")).not.toBe(await personOf("aj:q2"));

    // a second sync leaves the rows as they are, and does not rewrite a decided one
    await decide(await rowId("order:q1"), await rowId("aj:q2"), "rejected");
    await sync();
    const again = (await rows()).rows;
    expect(again.filter((r) => r.status === "pending")).toHaveLength(2);
    expect(again.find((r) => r.kind === "score")?.status).toBe("rejected");
  });

  it("keeps a confirmed pair as one person in the full sync (must-link)", async () => {
    await store(t, review);
    await sync();
    expect(await personOf("order:q1")).not.toBe(await personOf("aj:q2"));
    await decide(await rowId("order:q1"), await rowId("aj:q2"), "confirmed");
    await sync();
    expect(await personOf("order:q1")).not.toBeNull();
    expect(await personOf("order:q1")).toBe(await personOf("aj:q2"));
    expect((await rows()).rows.map((r) => r.status)).toEqual(["confirmed"]);
    await sync();
    expect(await personOf("order:q1")).toBe(await personOf("aj:q2"));
  });

  it("keeps a confirmed pair as one person in the incremental resolve", async () => {
    await store(t, review);
    await sync();
    await decide(await rowId("order:q1"), await rowId("aj:q2"), "confirmed");
    // the record changes (a new phone spelling of its own): resolved again on its own
    const [changed] = await store(t, [{ ...review[1]!, last_name: "Baxter-Smith", updated_at: "2030-01-01T00:00:00Z" }]);
    const outcomes = await resolveRecords(t.pool, [changed!]);
    expect(outcomes.map((o) => o.action)).toEqual(["join"]);
    expect(await personOf("aj:q2")).toBe(await personOf("order:q1"));
  });

  it("makes a rejected pair a merge rejection that the full sync and the incremental resolve respect", async () => {
    const pair: SourceRecordInput[] = [
      { source: "order", id: "m1", first_name: "Mia", last_name: "Chen", email: "mia@example.com", phone: "0412 111 222" },
      { source: "aj", id: "m2", first_name: "Mia", last_name: "Chen", email: "mia@example.com" },
    ];
    await store(t, pair);
    const [a, b] = [await rowId("order:m1"), await rowId("aj:m2")];
    const versions = (await t.pool.query<{ id: string; evidence_version: string }>("SELECT id, evidence_version FROM source_records")).rows;
    const v = (id: string) => versions.find((r) => r.id === id)!.evidence_version;
    const [lo, hi] = a < b ? [a, b] : [b, a];
    // ops rejected the pair (as the review queue writes it)
    await t.pool.query(
      "INSERT INTO possible_matches (record_a, record_b, evidence_a, evidence_b, probability, evidence, status, decided_by) VALUES ($1, $2, $3, $4, 0.9, '{}'::jsonb, 'rejected', 'ops@test')",
      [lo, hi, v(lo!), v(hi!)],
    );
    const rejection = await t.pool.query<{ reason: string }>("SELECT reason FROM merge_rejections WHERE record_a = $1 AND record_b = $2", [lo, hi]);
    expect(rejection.rows.map((r) => r.reason)).toEqual(["ops_rejected"]);
    await sync();
    expect(await personOf("order:m1")).not.toBeNull();
    expect(await personOf("order:m1")).not.toBe(await personOf("aj:m2"));
    await resolveRecords(t.pool, [b!]);
    expect(await personOf("order:m1")).not.toBe(await personOf("aj:m2"));
    // taking the decision back lifts the rejection
    await t.pool.query("UPDATE possible_matches SET status = 'pending' WHERE record_a = $1", [lo]);
    expect((await t.pool.query("SELECT 1 FROM merge_rejections WHERE record_a = $1 AND record_b = $2", [lo, hi])).rowCount).toBe(0);
    await sync();
    expect(await personOf("order:m1")).toBe(await personOf("aj:m2"));
  });
});

describe("possible matches from the incremental resolve", () => {
  const t = useIdentityTestDb({ truncate: true });
  const personOf = (key: string) => personOfRecord(t, key);
  const ingest = async (records: SourceRecordInput[]) => resolveRecords(t.pool, await store(t, records));
  const rows = async () => (await t.pool.query<{ kind: string; status: string; reason: string | null }>("SELECT kind, status::text, reason FROM possible_matches ORDER BY kind")).rows;

  it("writes a review-band pair and an ambiguous surname-only record at a couple's inbox", async () => {
    await ingest([{ source: "order", id: "q1", last_name: "Quinton", email: "zq@example.com", phone: "0412 111 999" }]);
    await ingest([{ source: "aj", id: "q2", last_name: "Baxter", email: "other@example.com", phone: "0412 111 999" }]);
    expect(await personOf("aj:q2")).not.toBe(await personOf("order:q1"));
    expect(await rows()).toEqual([{ kind: "score", status: "pending", reason: null }]);

    await ingest([
      { source: "order", id: "k1", first_name: "Karen", last_name: "Wang", email: "wangs@example.com", phone: "0412 345 678" },
      { source: "order", id: "a1", first_name: "Albert", last_name: "Wang", email: "wangs@example.com", phone: "0498 765 432" },
    ]);
    const [s1] = await ingest([{ source: "order", id: "s1", last_name: "Wang", email: "wangs@example.com" }]);
    expect(s1).toMatchObject({ action: "wait", reason: "ambiguous" });
    expect(await personOf("order:s1")).toBeNull();
    const ambiguous = (await rows()).filter((r) => r.kind === "ambiguous");
    expect(ambiguous).toHaveLength(2);
    expect(ambiguous.every((r) => /different first names/.test(r.reason ?? ""))).toBe(true);
  });
});

describe("incremental resolve: a record that bridges two persons", () => {
  const t = useIdentityTestDb({ truncate: true });
  const personOf = (key: string) => personOfRecord(t, key);
  const ingest = async (records: SourceRecordInput[]) => resolveRecords(t.pool, await store(t, records));

  it("merges the two persons it matched, with the constraints the full sync uses", async () => {
    await ingest([{ source: "order", id: "e1", first_name: "Nora", last_name: "Quinn", email: "nora@example.com" }]);
    await ingest([{ source: "aj", id: "p1", first_name: "Nora", last_name: "Quinn", phone: "0412 100 200" }]);
    const before = [await personOf("order:e1"), await personOf("aj:p1")];
    expect(before[0]).not.toBe(before[1]);
    await ingest([{ source: "sbm", id: "b1", full_name: "Nora Quinn", email: "nora@example.com", phone: "0412 100 200" }]);
    const nora = await personOf("sbm:b1");
    expect(await personOf("order:e1")).toBe(nora);
    expect(await personOf("aj:p1")).toBe(nora);
    expect(await t.db.person.count()).toBe(1);
    const audit = await t.db.mergeAudit.findFirst({ where: { reason: { contains: "bridged" } }, select: { personId: true } });
    expect(audit?.personId).toBe(nora);
    const contacts = await t.db.contactPoint.findMany({ where: { validTo: null }, select: { personId: true } });
    expect(contacts.every((c) => c.personId === nora)).toBe(true);
  });

  it("does not merge two persons the record matches but who cannot be one (Samantha and Samuel through Sam)", async () => {
    await ingest([{ source: "order", id: "f1", first_name: "Samantha", last_name: "Lee", email: "lees@example.com" }]);
    await ingest([{ source: "order", id: "m1", first_name: "Samuel", last_name: "Lee", phone: "0498 765 432" }]);
    const [sam] = await ingest([{ source: "order", id: "x1", first_name: "Sam", last_name: "Lee", email: "lees@example.com", phone: "0498 765 432" }]);
    expect(sam).toMatchObject({ action: "join" });
    expect(await personOf("order:f1")).not.toBe(await personOf("order:m1"));
  });
});
