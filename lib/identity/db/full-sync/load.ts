import type { MergeRejection } from "../../rejections";
import type { Source, SourceRecordInput } from "../../types";
import { copyOut } from "../pg-copy";
import type { Sql } from "../sql";
import type { PriorState } from "./plan";

export interface LoadedRecords extends PriorState {
  readonly inputs: SourceRecordInput[];
}

/**
 * Every source record, in the engine's input shape, with its row id, person and reason.
 * COPY out, parsed as it streams; timestamps as UTC ISO text, the shape the engine reads
 * fastest. Ordered by (source, external id) so a run is deterministic.
 */
export async function loadRecords(client: Sql): Promise<LoadedRecords> {
  const inputs: SourceRecordInput[] = [];
  const rowIds: string[] = [];
  const personIds: (string | null)[] = [];
  const reasons: (string | null)[] = [];
  await copyOut(
    client,
    `SELECT id, source, external_id, first_name, last_name, full_name, email, phone, booking_id,
            to_char(source_updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), person_id, dropped_reason
       FROM source_records ORDER BY source, external_id`,
    (f) => {
      rowIds.push(f[0]!);
      inputs.push({ source: f[1] as Source, id: f[2]!, first_name: f[3], last_name: f[4], full_name: f[5], email: f[6], phone: f[7], booking_id: f[8], updated_at: f[9] });
      personIds.push(f[10] ?? null);
      reasons.push(f[11] ?? null);
    },
  );
  return { inputs, rowIds, personIds, reasons };
}

/** Cached rejections, keyed as the engine keys records. */
export async function loadRejections(client: Sql, loaded: LoadedRecords): Promise<MergeRejection[]> {
  const rows: (string | null)[][] = [];
  await copyOut(client, "SELECT record_a, record_b, evidence_a, evidence_b FROM merge_rejections", (f) => rows.push(f));
  if (rows.length === 0) return [];
  const keyOf = new Map<string, string>();
  loaded.rowIds.forEach((id, i) => keyOf.set(id, `${loaded.inputs[i]!.source}:${loaded.inputs[i]!.id}`));
  const out: MergeRejection[] = [];
  for (const [a, b, va, vb] of rows) {
    const ka = keyOf.get(a!);
    const kb = keyOf.get(b!);
    if (ka !== undefined && kb !== undefined) out.push({ a: ka, b: kb, aVersion: va!, bVersion: vb! });
  }
  return out;
}

/** The previous assignment, record key → person id, for the engine's stable keys. */
export function previousAssignment(loaded: LoadedRecords): Map<string, string> {
  const previous = new Map<string, string>();
  for (let i = 0; i < loaded.inputs.length; i++) {
    const p = loaded.personIds[i];
    if (p) previous.set(`${loaded.inputs[i]!.source}:${loaded.inputs[i]!.id}`, p);
  }
  return previous;
}
