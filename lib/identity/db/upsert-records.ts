import type { SourceRecordDraft } from "@/lib/identity/sources/types";
import { DEFAULT_CONFIG, type IdentityConfig } from "../config";
import type { SourceRecordInput } from "../types";
import { matchFields } from "./match-fields";
import type { Sql } from "./sql";

/** The engine's input shape (a file line, a generated record) as the draft a source connector would produce. */
export function draftFromInput(r: SourceRecordInput): SourceRecordDraft {
  return {
    source: r.source,
    externalId: r.id,
    first_name: r.first_name ?? null,
    last_name: r.last_name ?? null,
    full_name: r.full_name ?? null,
    email: r.email ?? null,
    phone: r.phone ?? null,
    booking_id: r.booking_id ?? null,
    updated_at: r.updated_at ? new Date(r.updated_at) : null,
  };
}

export interface SourceRecordWrite {
  readonly draft: SourceRecordDraft;
  /** What the source sent for this record (the webhook payload, the file row). */
  readonly raw: unknown;
}

export interface UpsertSummary {
  readonly inserted: number;
  /** Rows rewritten (something the source sent changed). */
  readonly updated: number;
  /** Rows already stored as sent, or older than what is stored: nothing written. */
  readonly unchanged: number;
  /** New records and records whose identifying fields changed: these need a resolve. */
  readonly toResolve: string[];
}

const BATCH = 5_000;

/**
 * Stores source records by (source, external id), many rows per statement. Idempotent:
 * a row equal to the stored one writes nothing, and a row older than the stored one
 * (source_updated_at) never overwrites it (webhooks arrive out of order). The evidence
 * version is the engine's fingerprint of the normalised identifying fields, so it moves
 * exactly when they change; only then (or for a new record) is the record resolved again.
 */
export async function upsertSourceRecords(sql: Sql, writes: readonly SourceRecordWrite[], config: IdentityConfig = DEFAULT_CONFIG): Promise<UpsertSummary> {
  // one row per key per statement (ON CONFLICT cannot touch a row twice): the latest wins
  const latest = new Map<string, SourceRecordWrite>();
  for (const w of writes) {
    const key = `${w.draft.source}:${w.draft.externalId}`;
    const prior = latest.get(key);
    if (!prior || (w.draft.updated_at?.getTime() ?? 0) >= (prior.draft.updated_at?.getTime() ?? 0)) latest.set(key, w);
  }
  const rows = [...latest.values()];
  let inserted = 0;
  let updated = 0;
  const toResolve: string[] = [];
  for (let start = 0; start < rows.length; start += BATCH) {
    const r = await upsertBatch(sql, rows.slice(start, start + BATCH), config);
    inserted += r.inserted;
    updated += r.updated;
    toResolve.push(...r.toResolve);
  }
  return { inserted, updated, unchanged: writes.length - inserted - updated, toResolve };
}

/**
 * Keeps the counts of crowded values (identity_crowded_values) current between full syncs,
 * as part of the upsert (CTE `crowded`, over `moved`: each row written, with what it was):
 * a full record carrying a crowded value adds one to it, one that carried it takes one
 * away. Counting the value again would read tens of thousands of rows per record of an
 * internal account. A value that becomes crowded meanwhile is counted when a resolve first
 * finds it so, and each full sync counts every value afresh. (Two writers changing the
 * same record at once may leave a count one off until then: a weight of
 * log2(count / 16) bits barely moves.)
 */
const CROWDED_DELTAS = `deltas AS (
       SELECT kind, value, sum(delta)::int AS delta FROM (
         SELECT 'email' AS kind, match_email AS value, 1 AS delta FROM moved WHERE match_status = 'full' AND match_email IS NOT NULL
         UNION ALL SELECT 'phone', match_phone, 1 FROM moved WHERE match_status = 'full' AND match_phone IS NOT NULL
         UNION ALL SELECT 'email', old_email, -1 FROM moved WHERE old_status = 'full' AND old_email IS NOT NULL
         UNION ALL SELECT 'phone', old_phone, -1 FROM moved WHERE old_status = 'full' AND old_phone IS NOT NULL
       ) d GROUP BY kind, value HAVING sum(delta) <> 0
     ),
     crowded AS (
       UPDATE identity_crowded_values c SET records = c.records + d.delta, updated_at = now()
         FROM deltas d WHERE c.kind = d.kind AND c.value = d.value
     )`;

async function upsertBatch(sql: Sql, rows: readonly SourceRecordWrite[], config: IdentityConfig): Promise<Omit<UpsertSummary, "unchanged">> {
  const cols: unknown[][] = Array.from({ length: 17 }, () => []);
  for (const { draft: d, raw } of rows) {
    const m = matchFields(d, config);
    const values = [d.source, d.externalId, JSON.stringify(raw ?? null), d.first_name, d.last_name, d.full_name ?? null, d.email, d.phone, d.booking_id, d.updated_at?.toISOString() ?? null, m.evidenceVersion, m.status, m.first, m.last, m.email, m.phone, m.nameKey];
    values.forEach((v, k) => cols[k]!.push(v));
  }
  const result = await sql.query<{ id: string; inserted: boolean; evidence_changed: boolean }>(
    `WITH input AS (
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
                            $10::timestamptz[], $11::text[], $12::text[], $13::text[], $14::text[], $15::text[], $16::text[], $17::text[])
         AS u(source, external_id, raw, first_name, last_name, full_name, email, phone, booking_id, source_updated_at,
              evidence_version, match_status, match_first, match_last, match_email, match_phone, name_key)
     ),
     old AS (
       SELECT s.source::text AS source, s.external_id, s.evidence_version, s.match_status, s.match_email, s.match_phone
         FROM source_records s JOIN input i ON s.source = i.source::"SourceKind" AND s.external_id = i.external_id
     ),
     up AS (
       INSERT INTO source_records AS s (source, external_id, raw, first_name, last_name, full_name, email, phone, booking_id, source_updated_at,
                                        evidence_version, match_status, match_first, match_last, match_email, match_phone, name_key)
       SELECT source::"SourceKind", external_id, raw::jsonb, first_name, last_name, full_name, email, phone, booking_id, source_updated_at,
              evidence_version, match_status, match_first, match_last, match_email, match_phone, name_key
         FROM input
       ON CONFLICT (source, external_id) DO UPDATE
          SET raw = EXCLUDED.raw, first_name = EXCLUDED.first_name, last_name = EXCLUDED.last_name, full_name = EXCLUDED.full_name,
              email = EXCLUDED.email, phone = EXCLUDED.phone, booking_id = EXCLUDED.booking_id, source_updated_at = EXCLUDED.source_updated_at,
              evidence_version = EXCLUDED.evidence_version, match_status = EXCLUDED.match_status, match_first = EXCLUDED.match_first,
              match_last = EXCLUDED.match_last, match_email = EXCLUDED.match_email, match_phone = EXCLUDED.match_phone,
              name_key = EXCLUDED.name_key, updated_at = now()
        WHERE (s.source_updated_at IS NULL OR EXCLUDED.source_updated_at IS NULL OR EXCLUDED.source_updated_at >= s.source_updated_at)
          AND (s.raw, s.first_name, s.last_name, s.full_name, s.email, s.phone, s.booking_id, s.source_updated_at, s.evidence_version)
              IS DISTINCT FROM
              (EXCLUDED.raw, EXCLUDED.first_name, EXCLUDED.last_name, EXCLUDED.full_name, EXCLUDED.email, EXCLUDED.phone, EXCLUDED.booking_id,
               EXCLUDED.source_updated_at, EXCLUDED.evidence_version)
       RETURNING s.id, s.source::text AS source, s.external_id, s.evidence_version, s.match_status, s.match_email, s.match_phone, (xmax = 0) AS inserted
     ),
     moved AS (
       SELECT up.*, old.evidence_version AS old_evidence_version, old.match_status AS old_status, old.match_email AS old_email, old.match_phone AS old_phone
         FROM up LEFT JOIN old ON old.source = up.source AND old.external_id = up.external_id
     ),
     ${CROWDED_DELTAS}
     SELECT id, inserted, old_evidence_version IS DISTINCT FROM evidence_version AS evidence_changed FROM moved`,
    cols,
  );
  let inserted = 0;
  const toResolve: string[] = [];
  for (const r of result.rows) {
    if (r.inserted) inserted++;
    if (r.inserted || r.evidence_changed) toResolve.push(r.id);
  }
  return { inserted, updated: result.rows.length - inserted, toResolve };
}
