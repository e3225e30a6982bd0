import type { IdentityConfig } from "../config";
import { personsCompatible, type PersonFacts } from "../incremental";
import { refreshPerson } from "./refresh-person";
import type { Sql } from "./sql";

/**
 * A new record joined person `into` and also matched `others`: it shows they are one
 * person, as the full sync's union-find would find. Each other person that the batch's
 * constraints allow (no opposite booking roles, compatible first names, against `into` as
 * it grows) is merged into `into` in the caller's transaction: its records move, both
 * persons are recomputed from their records (the emptied one's contact points close and it
 * is swept when nothing refers to it), and the merge is audited with the bridging record.
 */
export async function bridgePersons(
  tx: Sql,
  input: { into: string; others: readonly string[]; facts: ReadonlyMap<string, PersonFacts>; bridge: string; config: IdentityConfig; actor: string },
): Promise<string[]> {
  const own = input.facts.get(input.into);
  let facts: PersonFacts = { firstNames: [...(own?.firstNames ?? [])], bookingRoles: [...(own?.bookingRoles ?? [])] };
  const merged: string[] = [];
  for (const other of input.others) {
    const theirs = input.facts.get(other);
    if (!theirs || other === input.into || !personsCompatible(facts, theirs, input.config)) continue;
    const moved = await tx.query<{ id: string }>("UPDATE source_records SET person_id = $1 WHERE person_id = $2 RETURNING id", [input.into, other]);
    await tx.query(
      `INSERT INTO merge_audits (action, person_id, other_person_id, record_ids, evidence, actor, reason)
       VALUES ('merge', $1, $2, $3::text[], $4::jsonb, $5, 'incremental match: a record bridged two persons')`,
      [input.into, other, moved.rows.map((r) => r.id), JSON.stringify({ bridge: input.bridge }), input.actor],
    );
    facts = { firstNames: [...new Set([...facts.firstNames, ...theirs.firstNames])], bookingRoles: [...new Set([...facts.bookingRoles, ...theirs.bookingRoles])] };
    merged.push(other);
  }
  if (merged.length === 0) return merged;
  await refreshPerson(tx, input.into, input.config);
  for (const other of merged) await refreshPerson(tx, other, input.config);
  return merged;
}
