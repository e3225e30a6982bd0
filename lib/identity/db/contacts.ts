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

export interface SeenContact {
  readonly kind: ContactKind;
  readonly value: string;
  readonly firstSeen: Date | null;
  readonly lastSeen: Date | null;
}

/**
 * The CTEs that open (or touch) a person's contact points, for a statement of the caller's:
 * `param` adds a bind parameter and returns its placeholder; `personId` is a placeholder
 * (or expression) of the person's id. Names its CTEs `cp_seen`, `cp_existing`, `cp_opened`.
 */
export function openContactsCtes(param: (value: unknown) => string, personId: string, contacts: readonly SeenContact[]): string {
  const kinds = param(contacts.map((c) => c.kind));
  const values = param(contacts.map((c) => c.value));
  const firsts = param(contacts.map((c) => c.firstSeen));
  const lasts = param(contacts.map((c) => c.lastSeen));
  return `cp_seen AS (
       SELECT u.kind::"ContactKind" AS kind, u.value, COALESCE(u.first_seen, now()) AS first_seen, COALESCE(u.last_seen, u.first_seen, now()) AS last_seen
         FROM unnest(${kinds}::text[], ${values}::text[], ${firsts}::timestamptz[], ${lasts}::timestamptz[]) AS u(kind, value, first_seen, last_seen)
     ),
     cp_existing AS (
       UPDATE contact_points c
          SET first_seen_at = LEAST(c.first_seen_at, s.first_seen), last_seen_at = GREATEST(c.last_seen_at, s.last_seen)
         FROM cp_seen s
        WHERE c.person_id = ${personId} AND c.kind = s.kind AND c.value = s.value AND c.origin = 'identity' AND c.valid_to IS NULL
       RETURNING c.kind, c.value
     ),
     cp_opened AS (
       INSERT INTO contact_points (kind, value, person_id, valid_from, first_seen_at, last_seen_at, origin)
       SELECT s.kind, s.value, ${personId},
              LEAST(now(), GREATEST(s.first_seen,
                COALESCE((SELECT max(o.valid_to) FROM contact_points o
                           WHERE o.kind = s.kind AND o.value = s.value AND o.person_id IS DISTINCT FROM ${personId} AND o.valid_to IS NOT NULL), '-infinity'))),
              s.first_seen, s.last_seen, 'identity'
         FROM cp_seen s
        WHERE NOT EXISTS (SELECT 1 FROM cp_existing x WHERE x.kind = s.kind AND x.value = s.value)
       RETURNING 1
     )`;
}

/** Opens (or touches) a person's contact points, one statement for all of them. */
export async function openContacts(sql: Sql, personId: string, contacts: readonly SeenContact[]): Promise<void> {
  const unique = new Map(contacts.map((c) => [`${c.kind}\u0000${c.value}`, c]));
  if (unique.size < contacts.length) {
    // one row per value and statement (a row cannot be touched twice): apply them in turn
    for (const c of contacts) await openContacts(sql, personId, [c]);
    return;
  }
  if (contacts.length === 0) return;
  const params: unknown[] = [personId];
  const param = (v: unknown) => `$${params.push(v)}`;
  await sql.query(`WITH ${openContactsCtes(param, "$1::uuid", contacts)} SELECT 1`, params);
}

/** Closes the person's open identity contact points that none of its records carries any more. */
export async function closeStaleContacts(sql: Sql, personId: string): Promise<number> {
  const r = await sql.query(closeStaleSql("$1"), [personId]);
  return r.rowCount ?? 0;
}

/**
 * The statement closing the stale contact points of the person `personId` (a placeholder).
 * Each open value is one probe of (person, value); scalar subqueries, not EXISTS, which the
 * planner may turn into a hash of every record of the person (45k for an internal account).
 */
export function closeStaleSql(personId: string): string {
  return `UPDATE contact_points c SET valid_to = GREATEST(now(), c.valid_from)
      WHERE c.person_id = ${personId}::uuid AND c.origin = 'identity' AND c.valid_to IS NULL
        AND (CASE c.kind
               WHEN 'email' THEN (SELECT 1 FROM source_records s WHERE s.person_id = ${personId}::uuid AND s.match_email = c.value LIMIT 1)
               WHEN 'phone' THEN (SELECT 1 FROM source_records s WHERE s.person_id = ${personId}::uuid AND s.match_phone = c.value LIMIT 1)
               ELSE 1 END) IS NULL`;
}
