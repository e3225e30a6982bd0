import { DEFAULT_CONFIG, type IdentityConfig } from "../config";
import { explain, type Explanation, type ScoringContext } from "../explain";
import { resolveIncremental } from "../incremental";
import { normaliseRecord } from "../normalise";
import type { NormalisedRecord, Source } from "../types";
import { contactCount, MATCH_COLUMNS, type StoredRecord } from "./candidates";
import { normalisedFromRow } from "./match-fields";
import type { Sql } from "./sql";

export type RecordRef = { readonly id: string } | { readonly source: Source; readonly externalId: string };

export interface ExplainedRecord {
  readonly id: string;
  readonly key: string;
  readonly personId: string | null;
  readonly status: string;
}

export type ExplainPairResult =
  | { readonly ok: true; readonly a: ExplainedRecord; readonly b: ExplainedRecord; readonly explanation: Explanation }
  | { readonly ok: false; readonly reason: "record_not_found" };

export type ExplainProfileResult =
  | {
      readonly ok: true;
      readonly record: ExplainedRecord;
      readonly personId: string;
      /** The record against the person's consensus profile. */
      readonly profile: Explanation;
      /** The person's record that agrees best with it, and how. */
      readonly best: { readonly record: ExplainedRecord; readonly explanation: Explanation } | null;
      /** What the incremental resolver would decide between this record and this person alone. */
      readonly verdict: { readonly joins: boolean; readonly reason: string | null };
      readonly recordsCompared: number;
    }
  | { readonly ok: false; readonly reason: "record_not_found" | "person_not_found" };

/** Records of a profile compared by the explain API; a bigger profile is sampled by this many. */
const MAX_PROFILE_RECORDS = 500;

async function findRecord(sql: Sql, ref: RecordRef): Promise<StoredRecord | null> {
  const r =
    "id" in ref
      ? await sql.query<StoredRecord>(`SELECT ${MATCH_COLUMNS} FROM source_records WHERE id = $1`, [ref.id])
      : await sql.query<StoredRecord>(`SELECT ${MATCH_COLUMNS} FROM source_records WHERE source = $1::"SourceKind" AND external_id = $2`, [ref.source, ref.externalId]);
  return r.rows[0] ?? null;
}

const described = (r: StoredRecord): ExplainedRecord => ({ id: r.id, key: `${r.source}:${r.external_id}`, personId: r.person_id, status: r.match_status });

/** Term frequencies as the batch would count them, for the values these records carry. */
async function contextFor(sql: Sql, records: readonly NormalisedRecord[], config: IdentityConfig): Promise<ScoringContext> {
  const emails = new Map<string, number>();
  const phones = new Map<string, number>();
  for (const r of records) {
    if (r.email && !emails.has(r.email)) emails.set(r.email, await contactCount(sql, "email", r.email, config.blocking.maxPairwiseBucket));
    if (r.phone && !phones.has(r.phone)) phones.set(r.phone, await contactCount(sql, "phone", r.phone, config.blocking.maxPairwiseBucket));
  }
  return { emailCount: (e) => emails.get(e) ?? 1, phoneCount: (p) => phones.get(p) ?? 1 };
}

/** Why two records are (not) one person: per-field levels and weights, total, probability, constraints. */
export async function explainRecords(sql: Sql, a: RecordRef, b: RecordRef, config: IdentityConfig = DEFAULT_CONFIG): Promise<ExplainPairResult> {
  const [ra, rb] = await Promise.all([findRecord(sql, a), findRecord(sql, b)]);
  if (!ra || !rb) return { ok: false, reason: "record_not_found" };
  const na = normalisedFromRow(ra);
  const nb = normalisedFromRow(rb);
  return { ok: true, a: described(ra), b: described(rb), explanation: explain(na, nb, config, await contextFor(sql, [na], config)) };
}

/** Why a record is (not) part of a person: against its consensus, its closest record, and the resolver's verdict. */
export async function explainRecordAndPerson(sql: Sql, ref: RecordRef, personId: string, config: IdentityConfig = DEFAULT_CONFIG): Promise<ExplainProfileResult> {
  const row = await findRecord(sql, ref);
  if (!row) return { ok: false, reason: "record_not_found" };
  const person = await sql.query<{ first_name: string | null; last_name: string | null; email: string | null; phone: string | null; first_names: string[]; booking_roles: string[] }>(
    "SELECT first_name, last_name, email, phone, first_names, booking_roles FROM persons WHERE id = $1",
    [personId],
  );
  const p = person.rows[0];
  if (!p) return { ok: false, reason: "person_not_found" };
  const record = normalisedFromRow(row);
  const context = await contextFor(sql, [record], config);
  const consensus = normaliseRecord({ source: "order", id: `person:${personId}`, first_name: p.first_name, last_name: p.last_name, email: p.email, phone: p.phone }, config);

  const members = await sql.query<StoredRecord>(`SELECT ${MATCH_COLUMNS} FROM source_records WHERE person_id = $1 AND id <> $2 LIMIT ${MAX_PROFILE_RECORDS}`, [personId, row.id]);
  let best: { record: ExplainedRecord; explanation: Explanation } | null = null;
  for (const m of members.rows) {
    const e = explain(record, normalisedFromRow(m), config, context);
    if (!best || e.total > best.explanation.total) best = { record: described(m), explanation: e };
  }
  const decision = resolveIncremental({
    record,
    candidates: members.rows.filter((m) => m.match_status === "full").map((m) => ({ record: normalisedFromRow(m), personKey: personId })),
    config,
    context,
    personFacts: new Map([[personId, { firstNames: p.first_names, bookingRoles: p.booking_roles }]]),
  });
  const joins = decision.action === "join" || decision.action === "attach";
  const reason = joins ? null : decision.action === "new" ? (decision.rejected[0]?.reason ?? "below_threshold") : "reason" in decision ? decision.reason : null;
  return {
    ok: true,
    record: described(row),
    personId,
    profile: explain(record, consensus, config, context),
    best,
    verdict: { joins, reason },
    recordsCompared: members.rows.length,
  };
}
