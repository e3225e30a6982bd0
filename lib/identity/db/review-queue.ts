import type pg from "pg";
import type { EdgeEvidence } from "./audit-evidence";

export type ReviewRecord = {
  id: string;
  source: string;
  externalId: string;
  name: string;
  email: string | null;
  phone: string | null;
  personId: string | null;
  personName: string | null;
};

export type PossibleMatchRow = {
  id: string;
  kind: string;
  probability: number;
  reason: string | null;
  createdAt: string;
  evidence: EdgeEvidence;
  a: ReviewRecord;
  b: ReviewRecord;
};

export type ReviewPage = { matches: PossibleMatchRow[]; nextCursor: string | null };

const RECORD = (t: string, p: string) => `json_build_object('id', ${t}.id, 'source', ${t}.source, 'externalId', ${t}.external_id,
  'name', coalesce(nullif(btrim(coalesce(${t}.first_name, '') || ' ' || coalesce(${t}.last_name, '')), ''), ${t}.full_name, '(no name)'),
  'email', ${t}.email, 'phone', ${t}.phone, 'personId', ${p}.id,
  'personName', nullif(btrim(coalesce(${p}.first_name, '') || ' ' || coalesce(${p}.last_name, '')), ''))`;

/**
 * Pending possible matches, most probable first, each with both records and their persons,
 * paged by keyset on (probability, id) through possible_matches_status_probability_idx.
 */
export async function listPossibleMatches(pool: pg.Pool, opts: { cursor?: string; limit?: number } = {}): Promise<ReviewPage> {
  const limit = opts.limit ?? 25;
  const cursor = decode(opts.cursor);
  const params: unknown[] = [];
  let keyset = "";
  if (cursor) {
    params.push(cursor.p, cursor.id);
    keyset = "AND (m.probability < $1 OR (m.probability = $1 AND m.id > $2::uuid))";
  }
  const r = await pool.query<{ id: string; kind: string; probability: number; reason: string | null; created_at: Date; evidence: EdgeEvidence; a: ReviewRecord; b: ReviewRecord }>(
    `SELECT m.id, m.kind, m.probability, m.reason, m.created_at, m.evidence, ${RECORD("a", "pa")} AS a, ${RECORD("b", "pb")} AS b
       FROM (SELECT * FROM possible_matches m WHERE m.status = 'pending' ${keyset} ORDER BY m.probability DESC, m.id LIMIT ${limit + 1}) m
       JOIN source_records a ON a.id = m.record_a LEFT JOIN persons pa ON pa.id = a.person_id
       JOIN source_records b ON b.id = m.record_b LEFT JOIN persons pb ON pb.id = b.person_id
      ORDER BY m.probability DESC, m.id`,
    params,
  );
  const rows = r.rows.slice(0, limit);
  const last = rows[rows.length - 1];
  return {
    matches: rows.map((x) => ({ id: x.id, kind: x.kind, probability: x.probability, reason: x.reason, createdAt: x.created_at.toISOString(), evidence: x.evidence, a: x.a, b: x.b })),
    nextCursor: r.rows.length > limit && last ? Buffer.from(JSON.stringify({ p: last.probability, id: last.id })).toString("base64url") : null,
  };
}

function decode(cursor: string | undefined): { p: number; id: string } | null {
  if (!cursor) return null;
  try {
    const v = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as { p?: unknown; id?: unknown };
    return typeof v.p === "number" && typeof v.id === "string" && /^[0-9a-f-]{36}$/i.test(v.id) ? { p: v.p, id: v.id } : null;
  } catch {
    return null;
  }
}

export type MergeAuditRow = {
  id: string;
  action: string;
  personId: string | null;
  otherPersonId: string | null;
  personName: string | null;
  records: number;
  actor: string;
  reason: string | null;
  createdAt: string;
  probability: number | null;
  undone: boolean;
};

/** Recent merges and un-merges, newest first; `by` "engine" keeps the automatic ones, "ops" the people's. */
export async function listRecentMerges(pool: pg.Pool, opts: { action?: string; by?: "engine" | "ops"; personId?: string; limit?: number } = {}): Promise<MergeAuditRow[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (opts.action) where.push(`m.action = $${params.push(opts.action)}`);
  if (opts.by === "engine") where.push("m.actor LIKE 'identity%'");
  if (opts.by === "ops") where.push("m.actor NOT LIKE 'identity%'");
  if (opts.personId) {
    const p = `$${params.push(opts.personId)}::uuid`;
    where.push(`(m.person_id = ${p} OR m.other_person_id = ${p})`);
  }
  const r = await pool.query<{ id: string; action: string; person_id: string | null; other_person_id: string | null; person_name: string | null; records: number; actor: string; reason: string | null; created_at: Date; probability: number | null; undone: boolean }>(
    `SELECT m.id, m.action, m.person_id, m.other_person_id, nullif(btrim(coalesce(p.first_name, '') || ' ' || coalesce(p.last_name, '')), '') AS person_name,
            cardinality(m.record_ids) AS records, m.actor, m.reason, m.created_at,
            coalesce((m.evidence->'edges'->0->>'probability')::float8, (m.evidence->'pairs'->0->>'probability')::float8) AS probability,
            m.action = 'unmerge' AND EXISTS (SELECT 1 FROM merge_audits u WHERE u.person_id = m.person_id AND u.action = 'merge' AND u.evidence->>'undoes' = m.id::text) AS undone
       FROM merge_audits m LEFT JOIN persons p ON p.id = m.person_id
      ${where.length ? `WHERE ${where.join(" AND ")}` : ""}
      ORDER BY m.created_at DESC, m.id DESC LIMIT ${Math.min(opts.limit ?? 50, 200)}`,
    params,
  );
  return r.rows.map((x) => ({ id: x.id, action: x.action, personId: x.person_id, otherPersonId: x.other_person_id, personName: x.person_name, records: x.records, actor: x.actor, reason: x.reason, createdAt: x.created_at.toISOString(), probability: x.probability, undone: x.undone }));
}
