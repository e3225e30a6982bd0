import { db } from "@/lib/db/client";

export type UnidentifiedContact = {
  kind: string;
  value: string;
  count: number;
  firstSeen: Date;
  lastSeen: Date;
};

/** Events nobody could be matched to, grouped by the contact value that failed. */
export async function listUnidentifiedContacts(opts: { limit?: number; offset?: number } = {}) {
  const rows = await db.$queryRaw<{ kind: string; value: string; count: bigint; first_seen: Date; last_seen: Date }[]>`
    SELECT contact_kind::text AS kind, contact_value AS value, count(*) AS count,
           min(coalesce(occurred_at, received_at)) AS first_seen, max(coalesce(occurred_at, received_at)) AS last_seen
      FROM incoming_events
     WHERE status IN ('unmatchable_person', 'unmatchable_both') AND contact_value IS NOT NULL
     GROUP BY contact_kind, contact_value
     ORDER BY max(coalesce(occurred_at, received_at)) DESC
     LIMIT ${opts.limit ?? 50} OFFSET ${opts.offset ?? 0}`;
  return rows.map<UnidentifiedContact>((r) => ({
    kind: r.kind,
    value: r.value,
    count: Number(r.count),
    firstSeen: r.first_seen,
    lastSeen: r.last_seen,
  }));
}
