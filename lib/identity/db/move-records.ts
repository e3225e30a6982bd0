import type { IdentityConfig } from "../config";
import { refreshPerson } from "./refresh-person";
import { storeRejections, type StoredRejection } from "./store-rejections";
import type { Sql } from "./sql";

/**
 * Moves some of a person's records to a new person (an un-merge), in the caller's
 * transaction: caches the given rejections (so later runs keep the two apart until new
 * evidence), recomputes both persons from their records, and writes the un-merge to
 * MergeAudit with its evidence.
 */
export async function moveRecords(
  tx: Sql,
  input: { from: string; recordIds: readonly string[]; rejections: readonly StoredRejection[]; config: IdentityConfig; actor: string; reason: string; evidence: object },
): Promise<{ personId: string }> {
  const created = await tx.query<{ id: string }>("INSERT INTO persons (origin) VALUES ('identity') RETURNING id");
  const personId = created.rows[0]!.id;
  await tx.query("UPDATE source_records SET person_id = $2, dropped_reason = NULL WHERE id = ANY($1::uuid[]) AND person_id = $3", [input.recordIds, personId, input.from]);
  await storeRejections(tx, input.rejections);
  await refreshPerson(tx, input.from, input.config);
  await refreshPerson(tx, personId, input.config);
  await tx.query(
    `INSERT INTO merge_audits (action, person_id, other_person_id, record_ids, evidence, actor, reason)
     VALUES ('unmerge', $1, $2, $3::text[], $4::jsonb, $5, $6)`,
    [input.from, personId, input.recordIds, JSON.stringify(input.evidence), input.actor, input.reason],
  );
  return { personId };
}
