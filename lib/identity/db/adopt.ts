import type { IncrementalDecision } from "../incremental";
import type { NormalisedRecord } from "../types";
import type { Sql } from "./sql";

/**
 * People the engine did not make (ops created them from the Unidentified queue, or the seed
 * did) hold no source records, so the engine never meets them as candidates; an ops link puts
 * a contact on someone the same way. Those contact points are evidence too: a record the
 * engine would start a new person for, or a weak record with no owner, that carries an email
 * or phone exactly one such person holds now is adopted by that person, never shadowed by a
 * second one (which would make the customer's next message ambiguous).
 */
const holders = (kind: string, value: string) => `
  (SELECT DISTINCT c.person_id AS id
     FROM contact_points c JOIN persons p ON p.id = c.person_id
    WHERE c.kind = '${kind}' AND c.value = ${value} AND c.valid_to IS NULL AND (p.origin <> 'identity' OR c.origin <> 'identity')
    LIMIT 2)`;
/**
 * One index lookup per contact (contact_points_open_idx), not one statement over both: the
 * resolve's transaction plans with bitmap scans off (resolve-record.ts), and an OR of the two
 * lookups then became a scan of the whole index, 165 ms at a million records (bench:sync's
 * slowest 1% of incremental resolves). Two holders in either lookup are already ambiguous.
 */
export const ADOPTER_SQL = `SELECT DISTINCT id FROM (${holders("email", "$1::text")} UNION ALL ${holders("phone", "$2::text")}) h LIMIT 2`;

export async function adoptingPerson(tx: Sql, record: NormalisedRecord, decision: IncrementalDecision): Promise<string | null> {
  const open = decision.action === "new" || (decision.action === "wait" && decision.reason === "no_match");
  if (!open || (record.email === null && record.phone === null)) return null;
  const found = await tx.query<{ id: string }>(ADOPTER_SQL, [record.email, record.phone]);
  return found.rows.length === 1 ? found.rows[0]!.id : null;
}
