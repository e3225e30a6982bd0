import { beforeEach, describe, expect, it } from "vitest";
import type { SourceRecordInput } from "@/lib/identity";
import { assignments, store, useIdentityTestDb } from "@/tests/support/identity-db";
import { confirmPossibleMatch, rejectPossibleMatch } from "./decide-possible-match";
import { resolveRecords } from "./resolve-records";
import { listPossibleMatches, listRecentMerges } from "./review-queue";
import { undoUnmerge } from "./undo-unmerge";
import { unmergeRecords } from "./unmerge";

describe("merge review: ops confirm and reject possible matches, and undo an un-merge", () => {
  const t = useIdentityTestDb({ truncate: true });
  beforeEach(async () => {
    await t.pool.query("TRUNCATE possible_matches");
  });

  const ingest = async (records: SourceRecordInput[]) => resolveRecords(t.pool, await store(t, records));
  const rowOf = async (key: string) =>
    (await t.pool.query<{ id: string; person_id: string | null; evidence_version: string }>("SELECT id, person_id, evidence_version FROM source_records WHERE source::text || ':' || external_id = $1", [key])).rows[0]!;
  /** A pending pair as the engine writes it (record_a < record_b), with its evidence. */
  const possible = async (x: string, y: string, probability: number) => {
    const [a, b] = [await rowOf(x), await rowOf(y)].sort((p, q) => (p.id < q.id ? -1 : 1));
    const evidence = { a: x, b: y, fields: [{ field: "last_name", level: "exact", weight: 6.1 }, { field: "first_name", level: "nickname", weight: 2.3 }, { field: "phone", level: "differ", weight: -3.2 }], total: 1.5, probability };
    const r = await t.pool.query<{ id: string }>(
      "INSERT INTO possible_matches (record_a, record_b, evidence_a, evidence_b, probability, evidence) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
      [a!.id, b!.id, a!.evidence_version, b!.evidence_version, probability, JSON.stringify(evidence)],
    );
    return r.rows[0]!.id;
  };

  it("lists pending pairs most probable first with both records; confirm merges the persons, reject caches a rejection", async () => {
    await ingest([
      { source: "order", id: "o1", first_name: "Sam", last_name: "Taylor", email: "sam@example.com", phone: "0412 444 555" },
      { source: "aj", id: "a1", first_name: "Samuel", last_name: "Taylor", email: "samuel.t@example.org", phone: "0412 999 000" },
      { source: "sbm", id: "s1", first_name: "Sam", last_name: "Tyler", email: "tyler@example.net" },
    ]);
    const [o1, a1, s1] = [await rowOf("order:o1"), await rowOf("aj:a1"), await rowOf("sbm:s1")];
    expect(new Set([o1.person_id, a1.person_id, s1.person_id]).size).toBe(3);
    const low = await possible("order:o1", "sbm:s1", 0.61);
    const high = await possible("order:o1", "aj:a1", 0.93);
    // the person about to be merged away has a conversation: it moves with the merge
    await t.db.interactionEvent.create({ data: { personId: a1.person_id, channel: "sms", direction: "inbound", occurredAt: new Date(), summary: "hi" } });

    const queue = await listPossibleMatches(t.pool, { limit: 1 });
    expect(queue.matches.map((m) => m.id)).toEqual([high]);
    expect([queue.matches[0]!.a.name, queue.matches[0]!.b.name].sort()).toEqual(["Sam Taylor", "Samuel Taylor"]);
    const next = await listPossibleMatches(t.pool, { limit: 1, cursor: queue.nextCursor! });
    expect(next.matches.map((m) => m.id)).toEqual([low]);
    expect(next.nextCursor).toBeNull();

    const confirmed = await confirmPossibleMatch(t.pool, { id: high, actor: "ops@switchboard.test", reason: "same customer" });
    expect(confirmed).toMatchObject({ ok: true, status: "confirmed" });
    const merged = (await assignments(t)).get("order:o1");
    expect((await assignments(t)).get("aj:a1")).toBe(merged);
    expect(await t.db.person.count({ where: { id: { in: [o1.person_id!, a1.person_id!] } } })).toBe(1);
    expect(await t.db.interactionEvent.count({ where: { personId: merged! } })).toBe(1);
    const audit = await t.db.mergeAudit.findFirstOrThrow({ where: { action: "merge", actor: "ops@switchboard.test" } });
    expect(audit).toMatchObject({ personId: merged, recordIds: expect.any(Array), reason: "ops confirmed a possible match: same customer" });
    expect((audit.evidence as { edges: { probability: number }[] }).edges[0]!.probability).toBe(0.93);
    expect(await t.db.possibleMatch.findUniqueOrThrow({ where: { id: high } })).toMatchObject({ status: "confirmed", decidedBy: "ops@switchboard.test" });
    expect(await confirmPossibleMatch(t.pool, { id: high, actor: "ops" })).toEqual({ ok: false, reason: "already_decided" });

    expect(await rejectPossibleMatch(t.pool, { id: low, actor: "ops@switchboard.test" })).toMatchObject({ ok: true, status: "rejected" });
    const [ra, rb] = [o1, s1].sort((p, q) => (p.id < q.id ? -1 : 1));
    expect(await t.db.mergeRejection.findMany()).toEqual([expect.objectContaining({ recordA: ra!.id, recordB: rb!.id, evidenceA: ra!.evidence_version, evidenceB: rb!.evidence_version, reason: "ops_rejected" })]);
    expect((await listPossibleMatches(t.pool)).matches).toEqual([]);
    expect((await listRecentMerges(t.pool, { by: "ops" })).map((m) => [m.action, m.probability])).toEqual([["merge", 0.93]]);
  });

  it("undoes an ops un-merge once: the records are one person again and its rejections are gone", async () => {
    await ingest([
      { source: "order", id: "o1", first_name: "Sam", last_name: "Taylor", email: "taylors@example.com", phone: "0412 444 555" },
      { source: "aj", id: "a1", first_name: "Sam", last_name: "Taylor", email: "taylors@example.com" },
    ]);
    const sam = (await rowOf("order:o1")).person_id!;
    const split = await unmergeRecords(t.pool, { personId: sam, recordIds: [(await rowOf("aj:a1")).id], actor: "ops@switchboard.test", reason: "two people" });
    if (!split.ok) throw new Error(split.reason);
    expect(await t.db.mergeRejection.count()).toBeGreaterThan(0);
    const unmerge = await t.db.mergeAudit.findFirstOrThrow({ where: { action: "unmerge" } });
    expect((await listRecentMerges(t.pool, { action: "unmerge" }))[0]).toMatchObject({ id: unmerge.id, undone: false });

    expect(await undoUnmerge(t.pool, { auditId: unmerge.id, actor: "ops@switchboard.test" })).toMatchObject({ ok: true, personId: sam });
    expect((await rowOf("aj:a1")).person_id).toBe(sam);
    expect(await t.db.person.findUnique({ where: { id: split.newPersonId } })).toBeNull();
    expect(await t.db.mergeRejection.count()).toBe(0);
    expect((await listRecentMerges(t.pool, { action: "unmerge" }))[0]).toMatchObject({ id: unmerge.id, undone: true });
    expect(await undoUnmerge(t.pool, { auditId: unmerge.id, actor: "ops" })).toEqual({ ok: false, reason: "already_undone" });
  });
});
