import type { BatchResolution } from "../../resolve";
import { chunked, copyIn, copyLine } from "../pg-copy";
import type { Sql } from "../sql";

/**
 * The full sync's side of ../adopt.ts: a profile the run would give a brand-new person,
 * whose records carry an email or phone that exactly one person made by ops or the seed
 * (origin other than `identity`, holding no source records) holds now, goes to that person.
 * Ambiguity is not a match, both ways: a profile whose contacts two such people hold is
 * adopted by neither (two people ops made are never fused), and a person two new profiles
 * point at adopts neither (the engine kept them apart). People the engine made, or who
 * hold records, are left to the engine: it has weighed their records already.
 *
 * Set-based: the holders (few: people ops or the seed made) are found first, and only
 * when there are any are the new profiles' contacts copied in and joined with them.
 * Returns profile index → adopting person id.
 */
export async function findAdopters(tx: Sql, res: BatchResolution, known: ReadonlySet<string>): Promise<Map<number, string>> {
  const holders = await tx.query(
    `CREATE TEMP TABLE sync_holders ON COMMIT DROP AS
     SELECT c.kind, c.value, c.person_id
       FROM contact_points c JOIN persons p ON p.id = c.person_id
      WHERE c.valid_to IS NULL AND c.kind IN ('email', 'phone') AND p.origin <> 'identity'
        AND NOT EXISTS (SELECT 1 FROM source_records s WHERE s.person_id = p.id)`,
  );
  const adopters = new Map<number, string>();
  if ((holders.rowCount ?? 0) === 0) return adopters;

  const t = res.profiles;
  const { emails, phones } = res.batch;
  await tx.query(`CREATE TEMP TABLE sync_claims (profile int, kind "ContactKind", value text) ON COMMIT DROP`);
  await copyIn(
    tx,
    "sync_claims",
    chunked(
      (function* () {
        for (let c = 0; c < t.count; c++) {
          if (known.has(t.personKeys[c]!)) continue;
          for (let k = t.contactOffsets[c]!; k < t.contactOffsets[c + 1]!; k++) {
            const email = t.contactKind[k] === 0;
            yield copyLine([c, email ? "email" : "phone", (email ? emails : phones).values[t.contactValue[k]!]!]);
          }
        }
      })(),
    ),
  );
  await tx.query("ANALYZE sync_claims");
  const found = await tx.query<{ profile: number; person_id: string }>(
    `WITH claims AS (
       SELECT DISTINCT s.profile, h.person_id FROM sync_claims s JOIN sync_holders h ON h.kind = s.kind AND h.value = s.value
     ), sole AS (
       SELECT profile, (array_agg(person_id))[1] AS person_id FROM claims GROUP BY profile HAVING count(*) = 1
     )
     SELECT o.profile, o.person_id FROM sole o
      WHERE NOT EXISTS (SELECT 1 FROM claims x WHERE x.person_id = o.person_id AND x.profile <> o.profile)`,
  );
  for (const r of found.rows) adopters.set(r.profile, r.person_id);
  return adopters;
}
