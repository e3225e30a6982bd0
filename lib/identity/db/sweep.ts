import type { Sql } from "./sql";

/**
 * Orphaned profiles: persons the identity engine made that hold no source record any more
 * (their records joined someone else). One is deleted only when nothing else refers to it:
 * no interaction, call, order, booking or appointment, no contact point another process
 * wrote (an ops link), no ops decision. Persons made by the seed or by ops are never swept.
 * `among` limits the sweep to some persons (the ones a run emptied); without it, all.
 */
export async function sweepOrphans(sql: Sql, among?: readonly string[]): Promise<string[]> {
  if (among && among.length === 0) return [];
  const r = await sql.query<{ id: string }>(sweepSql("$1"), [among ?? null]);
  return r.rows.map((row) => row.id);
}

/** The sweep statement; `among` is a placeholder of a uuid[] (null: every person). */
export function sweepSql(among: string): string {
  return `DELETE FROM persons p
      WHERE p.origin = 'identity'
        AND (${among}::uuid[] IS NULL OR p.id = ANY(${among}::uuid[]))
        AND NOT EXISTS (SELECT 1 FROM source_records s WHERE s.person_id = p.id)
        AND NOT EXISTS (SELECT 1 FROM interaction_events i WHERE i.person_id = p.id)
        AND NOT EXISTS (SELECT 1 FROM phone_calls c WHERE c.person_id = p.id)
        AND NOT EXISTS (SELECT 1 FROM orders o WHERE o.person_id = p.id)
        AND NOT EXISTS (SELECT 1 FROM bookings b WHERE b.person_id = p.id)
        AND NOT EXISTS (SELECT 1 FROM appointments a WHERE a.person_id = p.id)
        AND NOT EXISTS (SELECT 1 FROM contact_points cp WHERE cp.person_id = p.id AND cp.origin <> 'identity')
        AND NOT EXISTS (SELECT 1 FROM contact_resolutions r WHERE r.person_id = p.id)
      RETURNING p.id`;
}
