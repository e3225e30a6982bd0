import type pg from "pg";
import { DEFAULT_CONFIG, type IdentityConfig } from "../config";
import { explain } from "../explain";
import { normaliseRecord } from "../normalise";
import { lockAssignmentsShared } from "./lock";
import { moveRecords } from "./move-records";
import { loadPersonRecords } from "./refresh-person";
import { inTransaction } from "./sql";
import type { StoredRejection } from "./store-rejections";

export type UnmergeResult =
  | { readonly ok: true; readonly personId: string; readonly newPersonId: string; readonly moved: number; readonly rejections: number }
  | { readonly ok: false; readonly reason: "person_not_found" | "records_not_on_person" | "nothing_would_remain" };

/**
 * Ops un-merge: the given records of an over-merged person leave it for a new person.
 * Every pair across the two sides that the engine would score (they share an email or a
 * phone) is cached as a rejection ('ops_unmerge'), so the next full sync keeps them
 * apart until either record brings new evidence. Both persons are recomputed from their
 * records, and the un-merge is audited with the evidence that had joined them.
 */
export async function unmergeRecords(
  pool: pg.Pool,
  input: { personId: string; recordIds: readonly string[]; actor: string; reason?: string; config?: IdentityConfig },
): Promise<UnmergeResult> {
  const config = input.config ?? DEFAULT_CONFIG;
  return inTransaction(pool, async (tx) => {
    await lockAssignmentsShared(tx);
    const person = await tx.query("SELECT 1 FROM persons WHERE id = $1 FOR UPDATE", [input.personId]);
    if (person.rowCount === 0) return { ok: false, reason: "person_not_found" };
    const records = await loadPersonRecords(tx, input.personId);
    const leaving = new Set(input.recordIds);
    const moving = records.filter((r) => leaving.has(r.id));
    if (moving.length !== leaving.size) return { ok: false, reason: "records_not_on_person" };
    const staying = records.filter((r) => !leaving.has(r.id));
    if (staying.length === 0) return { ok: false, reason: "nothing_would_remain" };

    const rejections: StoredRejection[] = [];
    const joinedBy: object[] = [];
    for (const m of moving) {
      for (const s of staying) {
        const sharesEmail = m.match_email !== null && m.match_email === s.match_email;
        const sharesPhone = m.match_phone !== null && m.match_phone === s.match_phone;
        if (!sharesEmail && !sharesPhone) continue;
        const e = explain(normaliseRecord(m.input, config), normaliseRecord(s.input, config), config);
        rejections.push({ a: m.id, b: s.id, aVersion: m.evidence_version, bVersion: s.evidence_version, probability: e.probability, reason: "ops_unmerge" });
        if (joinedBy.length < 50) joinedBy.push({ a: `${m.input.source}:${m.input.id}`, b: `${s.input.source}:${s.input.id}`, fields: e.fields.map((f) => ({ field: f.field, level: f.level, weight: f.weight })), total: e.total, probability: e.probability });
      }
    }
    const moved = await moveRecords(tx, {
      from: input.personId,
      recordIds: moving.map((r) => r.id),
      rejections,
      config,
      actor: input.actor,
      reason: input.reason ?? "ops un-merge",
      evidence: { requestedBy: input.actor, pairsRejected: rejections.length, pairs: joinedBy },
    });
    return { ok: true, personId: input.personId, newPersonId: moved.personId, moved: moving.length, rejections: rejections.length };
  });
}
