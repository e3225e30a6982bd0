import type { SourceRecordDraft } from "@/lib/identity/sources/types";
import type { IdentityConfig } from "../config";
import { nameKey } from "../names";
import { normaliseRecord } from "../normalise";
import type { NormalisedRecord, RecordStatus, Source, SourceRecordInput } from "../types";

/**
 * The normalised columns of a source record, computed once at ingest so the incremental
 * resolver finds candidates by index and reads them without normalising them again.
 */
export interface MatchFields {
  readonly status: RecordStatus;
  readonly first: string | null;
  readonly last: string | null;
  readonly email: string | null;
  readonly phone: string | null;
  /** First and last comparison keys; a crowded contact is compared within one name only. */
  readonly nameKey: string;
  readonly evidenceVersion: string;
}

/** The engine's input shape of a draft (or a stored row). */
export function engineInput(d: SourceRecordDraft): SourceRecordInput {
  return {
    source: d.source,
    id: d.externalId,
    first_name: d.first_name,
    last_name: d.last_name,
    full_name: d.full_name ?? null,
    email: d.email,
    phone: d.phone,
    booking_id: d.booking_id,
    updated_at: d.updated_at ? d.updated_at.toISOString() : null,
  };
}

/** "?" marks a missing part: comparison keys are letters only, so it never collides. */
export function nameKeyOf(first: string | null, last: string | null): string {
  return `${first === null ? "?" : nameKey(first)}|${last === null ? "?" : nameKey(last)}`;
}

export function matchFields(d: SourceRecordDraft, config: IdentityConfig): MatchFields {
  const r = normaliseRecord(engineInput(d), config);
  return { status: r.status, first: r.firstName, last: r.lastName, email: r.email, phone: r.phone, nameKey: nameKeyOf(r.firstName, r.lastName), evidenceVersion: r.evidenceVersion };
}

/** A stored record's match columns, as the engine's object form (no re-normalising). */
export interface MatchRow {
  readonly source: Source;
  readonly external_id: string;
  readonly match_status: RecordStatus;
  readonly match_first: string | null;
  readonly match_last: string | null;
  readonly match_email: string | null;
  readonly match_phone: string | null;
  readonly booking_id: string | null;
  readonly source_updated_at: Date | null;
  readonly evidence_version: string;
}

export function normalisedFromRow(r: MatchRow): NormalisedRecord {
  return {
    key: `${r.source}:${r.external_id}`,
    source: r.source,
    id: r.external_id,
    firstName: r.match_first,
    lastName: r.match_last,
    email: r.match_email,
    phone: r.match_phone,
    bookingId: r.booking_id === "" ? null : r.booking_id,
    updatedAt: r.source_updated_at ? r.source_updated_at.getTime() : null,
    evidenceVersion: r.evidence_version,
    status: r.match_status,
  };
}
