import type { Sql } from "./sql";

/**
 * ContactPoints the identity engine writes (origin 'identity') are history, never
 * overwritten: a value arriving at a person opens a row, a value leaving closes it
 * (valid_to), and first/last seen move with the records that carry it. Rows other
 * processes wrote (ops links, the seed, staff lines) are never touched.
 *
 * A new row is valid from the value's first sighting on the person's records, but never
 * before another person's hold on the value ended (so past moments keep one owner), and
 * never in the future.
 */
export type ContactKind = "email" | "phone";

export async function openContact(sql: Sql, personId: string, kind: ContactKind, value: string, firstSeen: Date | null, lastSeen: Date | null): Promise<void> {
  await sql.query(
    `WITH seen AS (SELECT COALESCE($4::timestamptz, now()) AS first_seen, COALESCE($5::timestamptz, $4::timestamptz, now()) AS last_seen),
     existing AS (
       UPDATE contact_points c
          SET first_seen_at = LEAST(c.first_seen_at, seen.first_seen), last_seen_at = GREATEST(c.last_seen_at, seen.last_seen)
         FROM seen
        WHERE c.person_id = $1 AND c.kind = $2::"ContactKind" AND c.value = $3 AND c.origin = 'identity' AND c.valid_to IS NULL
       RETURNING c.id
     )
     INSERT INTO contact_points (kind, value, person_id, valid_from, first_seen_at, last_seen_at, origin)
     SELECT $2::"ContactKind", $3, $1,
            LEAST(now(), GREATEST(seen.first_seen,
              COALESCE((SELECT max(o.valid_to) FROM contact_points o
                         WHERE o.kind = $2::"ContactKind" AND o.value = $3 AND o.person_id IS DISTINCT FROM $1 AND o.valid_to IS NOT NULL), '-infinity'))),
            seen.first_seen, seen.last_seen, 'identity'
       FROM seen
      WHERE NOT EXISTS (SELECT 1 FROM existing)`,
    [personId, kind, value, firstSeen, lastSeen],
  );
}

/** Closes the person's open identity contact points that none of its records carries any more. */
export async function closeStaleContacts(sql: Sql, personId: string): Promise<number> {
  const r = await sql.query(
    `UPDATE contact_points c SET valid_to = GREATEST(now(), c.valid_from)
      WHERE c.person_id = $1 AND c.origin = 'identity' AND c.valid_to IS NULL
        AND NOT (CASE c.kind
                   WHEN 'email' THEN EXISTS (SELECT 1 FROM source_records s WHERE s.match_email = c.value AND s.person_id = $1)
                   WHEN 'phone' THEN EXISTS (SELECT 1 FROM source_records s WHERE s.match_phone = c.value AND s.person_id = $1)
                   ELSE true END)`,
    [personId],
  );
  return r.rowCount ?? 0;
}
