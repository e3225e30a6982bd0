import { WEAK } from "../../normalise";
import type { BatchResolution } from "../../resolve";
import { chunked, copyIn, copyLine } from "../pg-copy";
import type { Sql } from "../sql";
import type { Adopters } from "./plan";

/**
 * The full sync's side of ../adopt.ts. People ops or the seed made hold no source records
 * (until they adopt some), so the engine never meets them; their open contact points are
 * evidence too. A holder of a value is a person not made by the engine, or one ops linked
 * the value to; only the first kind adopts.
 *
 * - A profile the run would give a brand-new person, whose records carry an email or phone
 *   of exactly one holder, goes to that holder when it is not made by the engine and holds
 *   no records (one that does is a person the engine has weighed already), and no other new
 *   profile points at it: ambiguity is not a match, both ways (two people ops made are never
 *   fused; profiles the engine kept apart never meet in one person).
 * - A weak record no profile has the value of (`no_match`) goes to the one holder of its
 *   value, when that holder is not made by the engine, as the incremental resolve attaches it.
 *
 * Set-based: the holders (few: people ops or the seed made, values ops linked) are read
 * first, and only when there are any are the new profiles' and unmatched weak records'
 * values copied in and joined with them.
 */
export async function findAdopters(tx: Sql, res: BatchResolution, known: ReadonlySet<string>): Promise<Adopters> {
  const holders = await tx.query(
    `CREATE TEMP TABLE sync_holders ON COMMIT DROP AS
     SELECT c.kind, c.value, c.person_id, p.origin <> 'identity' AND NOT EXISTS (SELECT 1 FROM source_records s WHERE s.person_id = p.id) AS adopts_profile,
            p.origin <> 'identity' AS adopts_weak
       FROM contact_points c JOIN persons p ON p.id = c.person_id
      WHERE c.valid_to IS NULL AND c.kind IN ('email', 'phone') AND (p.origin <> 'identity' OR c.origin <> 'identity')`,
  );
  const adopters = { profiles: new Map<number, string>(), weak: new Map<number, string>() };
  if ((holders.rowCount ?? 0) === 0) return adopters;
  await tx.query("ANALYZE sync_holders");

  const t = res.profiles;
  const { batch } = res;
  const value = (email: boolean, id: number) => (email ? batch.emails : batch.phones).values[id]!;
  // who: a profile's index (profile) or a weak record's batch index (weak)
  await tx.query(`CREATE TEMP TABLE sync_claims (weak boolean, who int, kind "ContactKind", value text) ON COMMIT DROP`);
  await copyIn(
    tx,
    "sync_claims",
    chunked(
      (function* () {
        for (let c = 0; c < t.count; c++) {
          if (known.has(t.personKeys[c]!)) continue;
          for (let k = t.contactOffsets[c]!; k < t.contactOffsets[c + 1]!; k++) {
            const email = t.contactKind[k] === 0;
            yield copyLine(["f", c, email ? "email" : "phone", value(email, t.contactValue[k]!)]);
          }
        }
        for (let i = 0; i < batch.size; i++) {
          if (batch.status[i] !== WEAK || res.reasonOf[i] !== "no_match") continue;
          if (batch.email[i]! >= 0) yield copyLine(["t", i, "email", value(true, batch.email[i]!)]);
          if (batch.phone[i]! >= 0) yield copyLine(["t", i, "phone", value(false, batch.phone[i]!)]);
        }
      })(),
    ),
  );
  await tx.query("ANALYZE sync_claims");
  const found = await tx.query<{ weak: boolean; who: number; person_id: string }>(
    `WITH claims AS (
       SELECT DISTINCT s.weak, s.who, h.person_id, h.adopts_profile, h.adopts_weak
         FROM sync_claims s JOIN sync_holders h ON h.kind = s.kind AND h.value = s.value
     ), sole AS (
       SELECT weak, who, (array_agg(person_id))[1] AS person_id, bool_and(CASE WHEN weak THEN adopts_weak ELSE adopts_profile END) AS adopts
         FROM claims GROUP BY weak, who HAVING count(*) = 1
     ), contested AS (
       SELECT person_id FROM claims WHERE NOT weak GROUP BY person_id HAVING count(*) > 1
     )
     SELECT o.weak, o.who, o.person_id FROM sole o LEFT JOIN contested x ON x.person_id = o.person_id AND NOT o.weak
      WHERE o.adopts AND x.person_id IS NULL`,
  );
  for (const r of found.rows) (r.weak ? adopters.weak : adopters.profiles).set(r.who, r.person_id);
  return adopters;
}
