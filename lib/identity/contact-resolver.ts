import type { Db } from "@/lib/db/client";

export type ContactKind = "phone" | "email" | "aircall_user" | "front_teammate" | "handle";
export type Owner = "person" | "staff";

export type Resolution =
  | { ok: true; id: string; via: "contact_point" | "ops_link" }
  | { ok: false; reason: "unknown" | "ambiguous" | "ignored" };

export type ResolveQuery = { kind: ContactKind; value: string; at: Date };

type Row = { idx: number; owner_id: string | null; origin: string | null; ignored: boolean };

/**
 * Who owned a contact value at a moment in time. One query for a whole batch.
 *
 * People: an ops decision (ContactResolution) in force at `at` wins: "ignore"
 * → ignored; a link shows up as a ContactPoint with origin `ops_link`. Otherwise
 * the ContactPoint history: the owners whose [valid_from, valid_to) holds `at`.
 * One owner → resolved; several → ambiguous; none → unknown.
 * Staff: the same history, over staff-owned contact points.
 */
export async function resolveContacts(db: Pick<Db, "$queryRaw">, owner: Owner, queries: ResolveQuery[]): Promise<Resolution[]> {
  if (queries.length === 0) return [];
  const kinds = queries.map((q) => q.kind);
  const values = queries.map((q) => (q.kind === "email" ? q.value.trim().toLowerCase() : q.value));
  const ats = queries.map((q) => q.at.toISOString());
  const ownerCol = owner === "person" ? "person_id" : "staff_id";
  const rows = await db.$queryRaw<Row[]>`
    WITH q AS (
      SELECT ord::int - 1 AS idx, kind::"ContactKind" AS kind, value, at::timestamptz AS at
        FROM unnest(${kinds}::text[], ${values}::text[], ${ats}::text[]) WITH ORDINALITY AS u(kind, value, at, ord)
    )
    SELECT q.idx,
           cp.owner_id,
           cp.origin,
           EXISTS (
             SELECT 1 FROM contact_resolutions r
              WHERE ${owner} = 'person' AND r.kind = q.kind AND r.value = q.value AND r.action = 'ignore'
                AND r.undone_at IS NULL AND r.effective_from <= q.at
           ) AS ignored
      FROM q
      LEFT JOIN LATERAL (
        SELECT DISTINCT CASE WHEN ${ownerCol} = 'person_id' THEN c.person_id ELSE c.staff_id END AS owner_id,
               c.origin
          FROM contact_points c
         WHERE c.kind = q.kind AND c.value = q.value
           AND c.valid_from <= q.at AND (c.valid_to IS NULL OR c.valid_to > q.at)
           AND CASE WHEN ${ownerCol} = 'person_id' THEN c.person_id IS NOT NULL ELSE c.staff_id IS NOT NULL END
      ) cp ON true`;
  const byIdx = new Map<number, Row[]>();
  for (const r of rows) {
    const list = byIdx.get(r.idx) ?? [];
    list.push(r);
    byIdx.set(r.idx, list);
  }
  return queries.map((_, i) => {
    const found = byIdx.get(i) ?? [];
    if (found.some((r) => r.ignored)) return { ok: false, reason: "ignored" };
    const owners = [...new Set(found.map((r) => r.owner_id).filter((x): x is string => x !== null))];
    if (owners.length === 0) return { ok: false, reason: "unknown" };
    if (owners.length > 1) return { ok: false, reason: "ambiguous" };
    const via = found.some((r) => r.owner_id === owners[0] && r.origin === "ops_link") ? "ops_link" : "contact_point";
    return { ok: true, id: owners[0]!, via };
  });
}

export async function resolveContact(db: Pick<Db, "$queryRaw">, owner: Owner, query: ResolveQuery): Promise<Resolution> {
  return (await resolveContacts(db, owner, [query]))[0]!;
}
