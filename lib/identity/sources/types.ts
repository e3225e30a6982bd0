// Identity sources: a stored order or booking payload → source-record drafts.
import type { Connector } from "@/lib/capture/types";

export type SourceKind = "order" | "sbm" | "aj" | "aj_partner";

/** Fields as the source wrote them (trimmed, blanks → null); identity normalises and judges. */
export interface SourceRecordDraft {
  source: SourceKind;
  externalId: string;
  first_name: string | null;
  last_name: string | null;
  /** SimplyBookMe writes the whole name in one field; identity splits it ("Last, First", notes in brackets). */
  full_name?: string | null;
  email: string | null;
  phone: string | null;
  /** Links an AppointJet partner to its primary booking. */
  booking_id: string | null;
  updated_at: Date | null;
}

export type ToSourceRecordsResult = { ok: true; records: SourceRecordDraft[] } | { ok: false; reason: string };

export interface SourceConnector<T> extends Connector<T> {
  toSourceRecords(payload: unknown): ToSourceRecordsResult;
}
