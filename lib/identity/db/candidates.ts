import type { Candidate, PersonFacts } from "../incremental";
import type { ScoringContext } from "../explain";
import type { IdentityConfig } from "../config";
import type { NormalisedRecord } from "../types";
import { type MatchRow, normalisedFromRow } from "./match-fields";
import { prepared, type Sql } from "./sql";

export const MATCH_COLUMNS = `id, person_id, source::text AS source, external_id, match_status, match_first, match_last, match_email, match_phone,
  booking_id, source_updated_at, evidence_version`;

export interface StoredRecord extends MatchRow {
  readonly id: string;
  readonly person_id: string | null;
}

export interface CandidateSet {
  readonly candidates: Candidate[];
  /** Candidate record key → its row id (rejections are stored by row id). */
  readonly idOfKey: Map<string, string>;
  readonly context: ScoringContext;
  /** The candidate persons' never-fuse facts (persons.first_names, booking_roles). */
  readonly personFacts: Map<string, PersonFacts>;
  /** Cached rejections between the record and its candidates, as stored. */
  readonly rejections: readonly StoredPairRejection[];
}

/** A merge_rejections row between the resolved record and one candidate. */
export interface StoredPairRejection {
  readonly recordA: string;
  readonly recordB: string;
  readonly evidenceA: string;
  readonly evidenceB: string;
}

export function noCandidates(candidates: Candidate[] = []): CandidateSet {
  return { candidates, idOfKey: new Map(), context: {}, personFacts: new Map(), rejections: [] };
}

type Kind = "email" | "phone";
const COLUMN: Record<Kind, string> = { email: "match_email", phone: "match_phone" };
const PREFIXED_COLUMNS = MATCH_COLUMNS.split(",").map((c) => `s.${c.trim()}`).join(", ");

export type CandidateRow = Omit<StoredRecord, "id" | "person_id"> & {
  /** Null on the one row returned when there is no candidate. */
  readonly id: string | null;
  readonly person_id: string | null;
  /** How many full records (other than this one, up to max + 1) carry the email / phone. */
  readonly n_email: number;
  readonly n_phone: number;
  /** The stored count of a crowded value (null: not crowded, or not counted yet). */
  readonly crowded_email: number | null;
  readonly crowded_phone: number | null;
  readonly first_names: string[] | null;
  readonly booking_roles: string[] | null;
  readonly rej_a: string | null;
  readonly rej_b: string | null;
  readonly rej_ev_a: string | null;
  readonly rej_ev_b: string | null;
};

const candidatesSqlByMax = new Map<number, string>();

/**
 * The candidates statement of the record whose id is $1: its email, phone and name key come
 * from its own row (so the statement can run in the same round trip as the lock that reads
 * that row), and only a full record has any. A value identity_crowded_values counts as
 * crowded (more than `max` full records) is not probed: only its same-name sub-block is
 * read. Any other value is probed for up to `max + 1` sharing records, and a probe that
 * overflows makes it crowded after all.
 */
export function candidatesSql(max: number): string {
  const known = candidatesSqlByMax.get(max);
  if (known !== undefined) return known;
  const sharing = (kind: Kind) =>
    `SELECT ${MATCH_COLUMNS} FROM source_records
      WHERE NOT EXISTS (SELECT 1 FROM cv WHERE kind = '${kind}') AND ${COLUMN[kind]} = (SELECT ${kind} FROM r) AND match_status = 'full' AND id <> $1 LIMIT ${max + 1}`;
  const count = (kind: Kind, probe: string) => `SELECT COALESCE((SELECT records FROM cv WHERE kind = '${kind}'), (SELECT count(*) FROM ${probe}))::int AS n`;
  const sameName = (kind: Kind, count: string) =>
    `SELECT ${PREFIXED_COLUMNS} FROM source_records s
      WHERE (SELECT n FROM ${count}) > ${max} AND (SELECT name_key FROM r) IS NOT NULL
        AND s.${COLUMN[kind]} = (SELECT ${kind} FROM r) AND s.name_key = (SELECT name_key FROM r) AND s.match_status = 'full' AND s.id <> $1
        AND s.person_id IS NOT NULL LIMIT ${max}`;
  const sql = `WITH r AS (
            -- nothing for a record that is not full (it has no candidates)
            SELECT match_email AS email, match_phone AS phone,
                   CASE WHEN match_first IS NULL AND match_last IS NULL THEN NULL ELSE name_key END AS name_key
              FROM source_records WHERE id = $1 AND match_status = 'full'
          ),
          cv AS (
            SELECT kind, records FROM identity_crowded_values WHERE kind = 'email' AND value = (SELECT email FROM r) AND records > ${max}
            UNION ALL
            SELECT kind, records FROM identity_crowded_values WHERE kind = 'phone' AND value = (SELECT phone FROM r) AND records > ${max}
          ),
          e AS (${sharing("email")}),
          ph AS (${sharing("phone")}),
          ne AS (${count("email", "e")}),
          np AS (${count("phone", "ph")}),
          x AS (
            -- a record sharing both values comes once
            SELECT * FROM e WHERE (SELECT n FROM ne) <= ${max}
            UNION (${sameName("email", "ne")})
            UNION
            SELECT * FROM ph WHERE (SELECT n FROM np) <= ${max}
            UNION (${sameName("phone", "np")})
          ),
          mine AS (
            SELECT record_b AS other, record_a, record_b, evidence_a, evidence_b FROM merge_rejections WHERE record_a = $1
            UNION ALL
            SELECT record_a, record_a, record_b, evidence_a, evidence_b FROM merge_rejections WHERE record_b = $1
          ),
          facts AS MATERIALIZED (
            -- each candidate person once (an internal account's candidates are one person)
            SELECT p.id, p.first_names, p.booking_roles FROM (SELECT DISTINCT person_id FROM x) d JOIN persons p ON p.id = d.person_id
          )
     SELECT (SELECT n FROM ne) AS n_email, (SELECT n FROM np) AS n_phone,
            (SELECT records FROM cv WHERE kind = 'email') AS crowded_email,
            (SELECT records FROM cv WHERE kind = 'phone') AS crowded_phone,
            x.*, f.first_names, f.booking_roles,
            m.record_a AS rej_a, m.record_b AS rej_b, m.evidence_a AS rej_ev_a, m.evidence_b AS rej_ev_b
       FROM (SELECT 1) one
       LEFT JOIN x ON true
       LEFT JOIN facts f ON f.id = x.person_id
       LEFT JOIN mine m ON m.other = x.id AND x.person_id IS NOT NULL`;
  candidatesSqlByMax.set(max, sql);
  return sql;
}

/**
 * The records an incremental resolve compares a record with, as the batch would: full
 * records sharing its email or phone. A value on more full records than the engine
 * compares pairwise (an internal account's inbox) is crowded: then only records with the
 * same name are candidates (the batch's sub-block), at most `maxPairwiseBucket` of them
 * (a sub-block of tens of thousands of one name is one or two people; the batch too
 * compares a record with a handful of its components), and the value's count comes from
 * identity_crowded_values so its weight is the batch's. Records not yet resolved (no
 * person) are left out: they get their own resolve.
 *
 * One statement reads both values' candidates, their persons' never-fuse facts and the
 * rejections cached between the record and each candidate (an incremental resolve is a
 * handful of round trips, not one per lookup).
 */
export async function loadCandidates(sql: Sql, record: NormalisedRecord, recordId: string, config: IdentityConfig): Promise<CandidateSet> {
  const r = await sql.query<CandidateRow>(prepared(candidatesSql(config.blocking.maxPairwiseBucket), [recordId]));
  return candidateSet(sql, record, r.rows, config);
}

/** The candidate set from the rows of candidatesSql (read by loadCandidates, or in a resolve's first round trip). */
export async function candidateSet(sql: Sql, record: NormalisedRecord, rows: readonly CandidateRow[], config: IdentityConfig): Promise<CandidateSet> {
  const max = config.blocking.maxPairwiseBucket;
  const head = rows[0]!;
  const counts: Record<Kind, Map<string, number>> = { email: new Map(), phone: new Map() };
  for (const kind of ["email", "phone"] as const) {
    const value = kind === "email" ? record.email : record.phone;
    if (value === null) continue;
    const n = kind === "email" ? head.n_email : head.n_phone;
    if (n <= max) counts[kind].set(value, n + (record.status === "full" ? 1 : 0));
    else counts[kind].set(value, (kind === "email" ? head.crowded_email : head.crowded_phone) ?? (await crowdedCount(sql, kind, value, max)));
  }
  const candidates: Candidate[] = [];
  const idOfKey = new Map<string, string>();
  const personFacts = new Map<string, PersonFacts>();
  const rejections: StoredPairRejection[] = [];
  const seen = new Set<string>();
  for (const row of rows) {
    if (row.id === null || row.person_id === null) continue;
    if (row.rej_a !== null) rejections.push({ recordA: row.rej_a, recordB: row.rej_b!, evidenceA: row.rej_ev_a!, evidenceB: row.rej_ev_b! });
    if (seen.has(row.id)) continue;
    seen.add(row.id);
    const c = normalisedFromRow(row);
    candidates.push({ record: c, personKey: row.person_id });
    idOfKey.set(c.key, row.id);
    if (row.first_names !== null && !personFacts.has(row.person_id)) personFacts.set(row.person_id, { firstNames: row.first_names, bookingRoles: row.booking_roles ?? [] });
  }
  const context: ScoringContext = {
    emailCount: (e) => counts.email.get(e) ?? 1,
    phoneCount: (p) => counts.phone.get(p) ?? 1,
  };
  return { candidates, idOfKey, context, personFacts, rejections };
}

/** Full records carrying a contact value (the term-frequency count explain and scoring use). */
export async function contactCount(sql: Sql, kind: Kind, value: string, max: number): Promise<number> {
  const r = await sql.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM (SELECT 1 FROM source_records WHERE ${COLUMN[kind]} = $1 AND match_status = 'full' LIMIT ${max + 1}) x`,
    [value],
  );
  const n = r.rows[0]?.n ?? 0;
  return n <= max ? Math.max(1, n) : crowdedCount(sql, kind, value, max);
}

/**
 * The stored count of a crowded value; counted (and stored) when it became crowded since
 * the last full sync, or when its stored count says it is not crowded but more than `max`
 * records carry it.
 */
async function crowdedCount(sql: Sql, kind: Kind, value: string, max: number): Promise<number> {
  const known = await sql.query<{ records: number }>("SELECT records FROM identity_crowded_values WHERE kind = $1 AND value = $2", [kind, value]);
  if (known.rows[0] && known.rows[0].records > max) return known.rows[0].records;
  const counted = await sql.query<{ records: number }>(
    `INSERT INTO identity_crowded_values (kind, value, records)
     SELECT $1, $2, count(*)::int FROM source_records WHERE ${COLUMN[kind]} = $2 AND match_status = 'full'
     ON CONFLICT (kind, value) DO UPDATE SET records = EXCLUDED.records, updated_at = now()
     RETURNING records`,
    [kind, value],
  );
  return counted.rows[0]?.records ?? 0;
}

/**
 * A weak record attaches to the one person whose full records carry its value. Two
 * distinct owners are enough to call it ambiguous, so at most two are read, one record
 * each (one statement: the second is any record of another person).
 */
export async function loadOwners(sql: Sql, record: NormalisedRecord, recordId: string): Promise<Candidate[]> {
  const kind: Kind = record.email !== null ? "email" : "phone";
  const value = record.email ?? record.phone;
  const r = await sql.query<StoredRecord & { ord: number }>(
    `WITH a AS (
       SELECT 1 AS ord, ${MATCH_COLUMNS} FROM source_records
        WHERE ${COLUMN[kind]} = $1 AND match_status = 'full' AND person_id IS NOT NULL AND id <> $2 LIMIT 1
     )
     SELECT * FROM a
     UNION ALL
     (SELECT 2 AS ord, ${PREFIXED_COLUMNS} FROM source_records s
       WHERE s.${COLUMN[kind]} = $1 AND s.match_status = 'full' AND s.person_id IS NOT NULL AND s.person_id <> (SELECT person_id FROM a) AND s.id <> $2 LIMIT 1)
     ORDER BY ord`,
    [value, recordId],
  );
  return r.rows.map((row) => ({ record: normalisedFromRow(row), personKey: row.person_id! }));
}
