import type { Sql } from "./sql";

/** A merge rejection as stored: record row ids, each record's evidence version when it was judged. */
export interface StoredRejection {
  readonly a: string;
  readonly b: string;
  readonly aVersion: string;
  readonly bVersion: string;
  readonly probability: number;
  readonly reason: string;
}

/** Upserts rejections, each pair stored once with record_a < record_b. */
export async function storeRejections(tx: Sql, rejections: readonly StoredRejection[]): Promise<void> {
  if (rejections.length === 0) return;
  const params: unknown[] = [];
  await tx.query(storeRejectionsSql((v) => `$${params.push(v)}`, rejections), params);
}

/** The upsert statement (also usable as a data-modifying CTE); `param` adds a bind parameter, returns its placeholder. */
export function storeRejectionsSql(param: (value: unknown) => string, rejections: readonly StoredRejection[]): string {
  const cols: unknown[][] = [[], [], [], [], [], []];
  for (const r of rejections) {
    const ordered = r.a < r.b;
    const row = [ordered ? r.a : r.b, ordered ? r.b : r.a, ordered ? r.aVersion : r.bVersion, ordered ? r.bVersion : r.aVersion, r.probability, r.reason];
    row.forEach((v, k) => cols[k]!.push(v));
  }
  const [a, b, ea, eb, p, why] = cols.map(param);
  return `INSERT INTO merge_rejections (record_a, record_b, evidence_a, evidence_b, probability, reason)
     SELECT DISTINCT ON (a, b) * FROM unnest(${a}::uuid[], ${b}::uuid[], ${ea}::text[], ${eb}::text[], ${p}::float8[], ${why}::text[]) AS u(a, b, ea, eb, p, r)
     ON CONFLICT (record_a, record_b) DO UPDATE
        SET evidence_a = EXCLUDED.evidence_a, evidence_b = EXCLUDED.evidence_b, probability = EXCLUDED.probability,
            reason = EXCLUDED.reason, created_at = now()`;
}
