import type { Candidate, PersonFacts } from "../incremental";
import type { ScoringContext } from "../explain";
import type { IdentityConfig } from "../config";
import type { NormalisedRecord } from "../types";
import { type MatchRow, nameKeyOf, normalisedFromRow } from "./match-fields";
import type { Sql } from "./sql";

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
}

type Kind = "email" | "phone";
const COLUMN: Record<Kind, string> = { email: "match_email", phone: "match_phone" };

/**
 * The records an incremental resolve compares a record with, as the batch would: full
 * records sharing its email or phone. A value on more full records than the engine
 * compares pairwise (an internal account's inbox) is crowded: then only records with the
 * same name are candidates (the batch's sub-block), at most `maxPairwiseBucket` of them
 * (a sub-block of tens of thousands of one name is one or two people; the batch too
 * compares a record with a handful of its components), and the value's count comes from
 * identity_crowded_values so its weight is the batch's. Records not yet resolved (no
 * person) are left out: they get their own resolve.
 */
export async function loadCandidates(sql: Sql, record: NormalisedRecord, recordId: string, config: IdentityConfig): Promise<CandidateSet> {
  const max = config.blocking.maxPairwiseBucket;
  const counts: Record<Kind, Map<string, number>> = { email: new Map(), phone: new Map() };
  const rows = new Map<string, StoredRecord>();
  const hasName = record.firstName !== null || record.lastName !== null;
  for (const kind of ["email", "phone"] as const) {
    const value = kind === "email" ? record.email : record.phone;
    if (value === null) continue;
    const sharing = await sql.query<StoredRecord>(
      `SELECT ${MATCH_COLUMNS} FROM source_records WHERE ${COLUMN[kind]} = $1 AND match_status = 'full' AND id <> $2 LIMIT ${max + 1}`,
      [value, recordId],
    );
    let found = sharing.rows;
    if (found.length <= max) counts[kind].set(value, found.length + (record.status === "full" ? 1 : 0));
    else {
      counts[kind].set(value, await crowdedCount(sql, kind, value));
      found = hasName
        ? (
            await sql.query<StoredRecord>(
              `SELECT ${MATCH_COLUMNS} FROM source_records
                WHERE ${COLUMN[kind]} = $1 AND name_key = $2 AND match_status = 'full' AND id <> $3 AND person_id IS NOT NULL LIMIT ${max}`,
              [value, nameKeyOf(record.firstName, record.lastName), recordId],
            )
          ).rows
        : [];
    }
    for (const r of found) if (r.person_id !== null) rows.set(r.id, r);
  }
  const candidates: Candidate[] = [];
  const idOfKey = new Map<string, string>();
  for (const r of rows.values()) {
    const c = normalisedFromRow(r);
    candidates.push({ record: c, personKey: r.person_id! });
    idOfKey.set(c.key, r.id);
  }
  const context: ScoringContext = {
    emailCount: (e) => counts.email.get(e) ?? 1,
    phoneCount: (p) => counts.phone.get(p) ?? 1,
  };
  return { candidates, idOfKey, context };
}

/** Full records carrying a contact value (the term-frequency count explain and scoring use). */
export async function contactCount(sql: Sql, kind: Kind, value: string, max: number): Promise<number> {
  const r = await sql.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM (SELECT 1 FROM source_records WHERE ${COLUMN[kind]} = $1 AND match_status = 'full' LIMIT ${max + 1}) x`,
    [value],
  );
  const n = r.rows[0]?.n ?? 0;
  return n <= max ? Math.max(1, n) : crowdedCount(sql, kind, value);
}

/** The stored count of a crowded value; counted once (and stored) when it became crowded since the last full sync. */
async function crowdedCount(sql: Sql, kind: Kind, value: string): Promise<number> {
  const known = await sql.query<{ records: number }>("SELECT records FROM identity_crowded_values WHERE kind = $1 AND value = $2", [kind, value]);
  if (known.rows[0]) return known.rows[0].records;
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
 * distinct owners are enough to call it ambiguous, so at most two are read, one record each.
 */
export async function loadOwners(sql: Sql, record: NormalisedRecord, recordId: string): Promise<Candidate[]> {
  const kind: Kind = record.email !== null ? "email" : "phone";
  const value = record.email ?? record.phone;
  const out: Candidate[] = [];
  const first = await sql.query<StoredRecord>(
    `SELECT ${MATCH_COLUMNS} FROM source_records WHERE ${COLUMN[kind]} = $1 AND match_status = 'full' AND person_id IS NOT NULL AND id <> $2 LIMIT 1`,
    [value, recordId],
  );
  const a = first.rows[0];
  if (!a) return out;
  out.push({ record: normalisedFromRow(a), personKey: a.person_id! });
  const second = await sql.query<StoredRecord>(
    `SELECT ${MATCH_COLUMNS} FROM source_records
      WHERE ${COLUMN[kind]} = $1 AND match_status = 'full' AND person_id IS NOT NULL AND person_id <> $2 AND id <> $3 LIMIT 1`,
    [value, a.person_id, recordId],
  );
  const b = second.rows[0];
  if (b) out.push({ record: normalisedFromRow(b), personKey: b.person_id! });
  return out;
}

/** What the never-fuse rules need about each candidate person (persons.first_names, booking_roles). */
export async function loadPersonFacts(sql: Sql, personIds: readonly string[]): Promise<Map<string, PersonFacts>> {
  const facts = new Map<string, PersonFacts>();
  if (personIds.length === 0) return facts;
  const r = await sql.query<{ id: string; first_names: string[]; booking_roles: string[] }>(
    "SELECT id, first_names, booking_roles FROM persons WHERE id = ANY($1::uuid[])",
    [personIds],
  );
  for (const row of r.rows) facts.set(row.id, { firstNames: row.first_names, bookingRoles: row.booking_roles });
  return facts;
}
