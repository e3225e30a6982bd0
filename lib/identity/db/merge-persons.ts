import type { IdentityConfig } from "../config";
import { refreshPerson } from "./refresh-person";
import type { Sql } from "./sql";

/** What a person holds besides its records, moved whole when two persons become one. */
const HOLDINGS = ["interaction_events", "phone_calls", "orders", "bookings", "appointments", "contact_resolutions", "contact_points"];

/**
 * Ops merge, in the caller's transaction (holding the assignments lock): everything `from`
 * holds (records, conversations, calls, orders, bookings, appointments, ops decisions and its
 * contact history) moves to `into`, rejections cached between the two sides are dropped
 * (ops said they are one), `into` is recomputed from its records, `from` is deleted, and the
 * merge is audited with `evidence`. An ops un-merge (lib/identity/db/unmerge.ts) reverses it.
 */
export async function mergePersons(
  tx: Sql,
  input: { into: string; from: string; config: IdentityConfig; actor: string; reason: string; evidence: object },
): Promise<{ recordIds: string[]; auditId: string }> {
  if (input.into === input.from) throw new Error("mergePersons: a person cannot merge with itself");
  const moved = await tx.query<{ id: string }>("UPDATE source_records SET person_id = $1 WHERE person_id = $2 RETURNING id", [input.into, input.from]);
  const recordIds = moved.rows.map((r) => r.id);
  for (const table of HOLDINGS) await tx.query(`UPDATE ${table} SET person_id = $1 WHERE person_id = $2`, [input.into, input.from]);
  // two open rows of one value (each person held it): one row, seen from the earlier to the later
  await tx.query(
    `WITH dup AS (
       SELECT kind, value, min(id::text)::uuid AS keep, min(valid_from) AS vf, min(first_seen_at) AS fs, max(last_seen_at) AS ls
         FROM contact_points WHERE person_id = $1 AND valid_to IS NULL GROUP BY kind, value HAVING count(*) > 1),
     kept AS (UPDATE contact_points c SET valid_from = d.vf, first_seen_at = d.fs, last_seen_at = d.ls FROM dup d WHERE c.id = d.keep)
     DELETE FROM contact_points c USING dup d
      WHERE c.person_id = $1 AND c.valid_to IS NULL AND c.kind = d.kind AND c.value = d.value AND c.id <> d.keep`,
    [input.into],
  );
  await tx.query(
    `DELETE FROM merge_rejections r USING source_records a, source_records b
      WHERE a.id = r.record_a AND b.id = r.record_b AND a.person_id = $1 AND b.person_id = $1`,
    [input.into],
  );
  await tx.query(
    `UPDATE persons p SET assigned_staff_id = coalesce(p.assigned_staff_id, f.assigned_staff_id),
            last_contact_at = greatest(p.last_contact_at, f.last_contact_at)
       FROM persons f WHERE p.id = $1 AND f.id = $2`,
    [input.into, input.from],
  );
  await tx.query("DELETE FROM persons WHERE id = $1", [input.from]);
  if (recordIds.length > 0 || (await tx.query("SELECT 1 FROM source_records WHERE person_id = $1 LIMIT 1", [input.into])).rowCount) {
    await refreshPerson(tx, input.into, input.config);
  }
  const audit = await tx.query<{ id: string }>(
    `INSERT INTO merge_audits (action, person_id, other_person_id, record_ids, evidence, actor, reason)
     VALUES ('merge', $1, $2, $3::text[], $4::jsonb, $5, $6) RETURNING id`,
    [input.into, input.from, recordIds, JSON.stringify(input.evidence), input.actor, input.reason],
  );
  return { recordIds, auditId: audit.rows[0]!.id };
}
