/** The four systems that feed source records. */
export const SOURCES = ["order", "sbm", "aj", "aj_partner"] as const;
export type Source = (typeof SOURCES)[number];

/** A source record as a source wrote it (the matching input shape). */
export interface SourceRecordInput {
  readonly source: Source;
  readonly id: string;
  readonly first_name?: string | null;
  readonly last_name?: string | null;
  /** SimplyBookMe writes the whole name in one field. */
  readonly full_name?: string | null;
  readonly email?: string | null;
  readonly phone?: string | null;
  /** ISO timestamp of the source's last update. */
  readonly updated_at?: string | null;
  /** An AppointJet primary and its partner share it. */
  readonly booking_id?: string | null;
  /** Caller-supplied evidence version; defaults to a fingerprint of the normalised fields. */
  readonly evidence_version?: string | null;
}

/** full: 2+ identifying fields, matched; weak: one field, waits to attach; dropped: no contact. */
export type RecordStatus = "full" | "weak" | "dropped";

export type DropReason = "no_contact";
export type WeakReason = "ambiguous" | "no_match";
/** Why a record ended with no person. */
export type UnassignedReason = DropReason | WeakReason;

/** One source record after normalisation, in object form (explain, incremental resolver). */
export interface NormalisedRecord {
  /** `${source}:${id}` */
  readonly key: string;
  readonly source: Source;
  readonly id: string;
  /** Normalised display forms: lower-case, straight apostrophes, no diacritics. */
  readonly firstName: string | null;
  readonly lastName: string | null;
  /** Trimmed, lower-cased. */
  readonly email: string | null;
  /** E.164. */
  readonly phone: string | null;
  readonly bookingId: string | null;
  /** Epoch milliseconds, or null when the source gave none (or an unreadable one). */
  readonly updatedAt: number | null;
  readonly evidenceVersion: string;
  readonly status: RecordStatus;
}

export type Field = "firstName" | "lastName" | "email" | "phone";
export const FIELDS: readonly Field[] = ["firstName", "lastName", "email", "phone"];

export function recordKey(source: string, id: string): string {
  return `${source}:${id}`;
}
