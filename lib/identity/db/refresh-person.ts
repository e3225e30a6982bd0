import type { IdentityConfig } from "../config";
import { titleCase } from "../names";
import { normaliseBatch } from "../batch-builder";
import { buildProfiles } from "../profiles";
import type { SourceRecordInput } from "../types";
import { closeStaleContacts, openContacts } from "./contacts";
import type { Sql } from "./sql";
import { sweepOrphans } from "./sweep";

export interface PersonRecord {
  readonly id: string;
  readonly input: SourceRecordInput;
  readonly match_first: string | null;
  readonly match_email: string | null;
  readonly match_phone: string | null;
  readonly evidence_version: string;
}

type Row = {
  id: string;
  source: SourceRecordInput["source"];
  external_id: string;
  first_name: string | null;
  last_name: string | null;
  full_name: string | null;
  email: string | null;
  phone: string | null;
  booking_id: string | null;
  updated_at: string | null;
  match_first: string | null;
  match_email: string | null;
  match_phone: string | null;
  evidence_version: string;
};

/** A person's source records, as stored and in the engine's input shape. */
export async function loadPersonRecords(tx: Sql, personId: string): Promise<PersonRecord[]> {
  const r = await tx.query<Row>(
    `SELECT id, source::text AS source, external_id, first_name, last_name, full_name, email, phone, booking_id,
            to_char(source_updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS updated_at,
            match_first, match_email, match_phone, evidence_version
       FROM source_records WHERE person_id = $1 ORDER BY source, external_id FOR UPDATE`,
    [personId],
  );
  return r.rows.map((row) => ({
    id: row.id,
    input: { source: row.source, id: row.external_id, first_name: row.first_name, last_name: row.last_name, full_name: row.full_name, email: row.email, phone: row.phone, booking_id: row.booking_id, updated_at: row.updated_at },
    match_first: row.match_first,
    match_email: row.match_email,
    match_phone: row.match_phone,
    evidence_version: row.evidence_version,
  }));
}

/**
 * Recomputes one person from its records after ops or a safety net moved some: the
 * consensus profile (the engine's rule, profiles.ts), its never-fuse facts, and its
 * contact points (opened, first/last seen moved, stale ones closed). A person the engine
 * made and left with no record is swept.
 */
export async function refreshPerson(tx: Sql, personId: string, config: IdentityConfig): Promise<void> {
  const records = await loadPersonRecords(tx, personId);
  if (records.length === 0) {
    await closeStaleContacts(tx, personId);
    await sweepOrphans(tx, [personId]);
    return;
  }
  const batch = normaliseBatch(
    records.map((r) => r.input),
    config,
  );
  const members = Int32Array.from(records, (_, i) => i);
  const profile = buildProfiles(batch, Int32Array.of(0, records.length), members, [personId]).get(0);
  const firstNames = [...new Set(records.flatMap((r) => (r.match_first ? [r.match_first] : [])))];
  const roles = [...new Set(records.flatMap((r) => (r.input.booking_id && (r.input.source === "aj" || r.input.source === "aj_partner") ? [`${r.input.booking_id}:${r.input.source}`] : [])))];
  await tx.query(
    `UPDATE persons SET first_name = $2, last_name = $3, email = $4, phone = $5, first_names = $6::text[], booking_roles = $7::text[], updated_at = now()
      WHERE id = $1`,
    [personId, profile.firstName && titleCase(profile.firstName), profile.lastName && titleCase(profile.lastName), profile.email, profile.phone, firstNames, roles],
  );
  await openContacts(
    tx,
    personId,
    profile.contacts.map((c) => ({ kind: c.kind, value: c.value, firstSeen: c.firstSeen === null ? null : new Date(c.firstSeen), lastSeen: c.lastSeen === null ? null : new Date(c.lastSeen) })),
  );
  await closeStaleContacts(tx, personId);
}
