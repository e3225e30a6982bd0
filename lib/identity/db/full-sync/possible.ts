import type { BatchResolution } from "../../resolve";
import type { EdgeEvidence } from "../audit-evidence";
import { chunked, copyIn, copyLine, copyOut } from "../pg-copy";
import type { Sql } from "../sql";
import type { LoadedRecords } from "./load";

const round = (x: number) => Math.round(x * 1000) / 1000;

/** Pairs ops confirmed (possible_matches status 'confirmed'), keyed as the engine keys records: must-links. */
export async function loadMustLinks(client: Sql, loaded: LoadedRecords): Promise<{ a: string; b: string }[]> {
  const rows: (string | null)[][] = [];
  await copyOut(client, "SELECT record_a, record_b FROM possible_matches WHERE status = 'confirmed'", (f) => rows.push(f));
  if (rows.length === 0) return [];
  const keyOf = new Map<string, string>();
  loaded.rowIds.forEach((id, i) => keyOf.set(id, `${loaded.inputs[i]!.source}:${loaded.inputs[i]!.id}`));
  const out: { a: string; b: string }[] = [];
  for (const [a, b] of rows) {
    const ka = keyOf.get(a!);
    const kb = keyOf.get(b!);
    if (ka !== undefined && kb !== undefined) out.push({ a: ka, b: kb });
  }
  return out;
}

/**
 * The run's possible matches into possible_matches (record_a < record_b). A pending or
 * superseded row is refreshed (and pending again); a row a person decided (confirmed,
 * rejected) is left as decided unless either record's evidence changed since, which
 * re-opens it. Pending rows this run no longer produced (merged since, or scored out of
 * the review band) become superseded.
 */
export async function writePossibleMatches(tx: Sql, res: BatchResolution, loaded: LoadedRecords): Promise<{ written: number; superseded: number }> {
  await tx.query(
    "CREATE TEMP TABLE sync_possible (kind text, record_a uuid, record_b uuid, evidence_a text, evidence_b text, probability float8, evidence jsonb, reason text) ON COMMIT DROP",
  );
  if (res.possible.length > 0) {
    const rowOf = new Map<string, string>();
    for (let i = 0; i < res.batch.size; i++) rowOf.set(res.batch.keyOf(i), loaded.rowIds[i]!);
    await copyIn(
      tx,
      "sync_possible",
      chunked(
        (function* () {
          for (const p of res.possible) {
            const a = rowOf.get(p.a)!;
            const b = rowOf.get(p.b)!;
            const e = p.evidence;
            const evidence: EdgeEvidence = { a: p.a, b: p.b, fields: e.fields.map((f) => ({ field: f.field, level: f.level, weight: round(f.weight) })), total: round(e.total), probability: e.probability };
            const json = JSON.stringify(evidence);
            yield a < b ? copyLine([p.kind, a, b, p.aVersion, p.bVersion, p.probability, json, p.reason]) : copyLine([p.kind, b, a, p.bVersion, p.aVersion, p.probability, json, p.reason]);
          }
        })(),
      ),
    );
  }
  const written = await tx.query(
    `INSERT INTO possible_matches AS m (kind, record_a, record_b, evidence_a, evidence_b, probability, evidence, reason)
     SELECT DISTINCT ON (record_a, record_b) kind, record_a, record_b, evidence_a, evidence_b, probability, evidence, reason FROM sync_possible
     ON CONFLICT (record_a, record_b) DO UPDATE
        SET kind = EXCLUDED.kind, evidence_a = EXCLUDED.evidence_a, evidence_b = EXCLUDED.evidence_b, probability = EXCLUDED.probability,
            evidence = EXCLUDED.evidence, reason = EXCLUDED.reason, status = 'pending', decided_by = NULL, decided_at = NULL,
            decision_reason = NULL, updated_at = now()
      WHERE m.status IN ('pending', 'superseded') OR m.evidence_a <> EXCLUDED.evidence_a OR m.evidence_b <> EXCLUDED.evidence_b`,
  );
  const superseded = await tx.query(
    `UPDATE possible_matches m SET status = 'superseded', updated_at = now()
      WHERE m.status = 'pending' AND NOT EXISTS (SELECT 1 FROM sync_possible s WHERE s.record_a = m.record_a AND s.record_b = m.record_b)`,
  );
  return { written: written.rowCount ?? 0, superseded: superseded.rowCount ?? 0 };
}
