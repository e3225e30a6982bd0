import type { Explanation } from "../explain";
import type { IncrementalRejection } from "../incremental";

/** MergeAudit.evidence: why records joined, per field (level and weight), as JSON. */
export interface EdgeEvidence {
  readonly a: string;
  readonly b: string;
  readonly fields: readonly { readonly field: string; readonly level: string; readonly weight: number }[];
  readonly total: number;
  readonly probability: number;
}

const round = (x: number) => Math.round(x * 1000) / 1000;

export function edgeFromExplanation(a: string, b: string, e: Explanation): EdgeEvidence {
  return { a, b, fields: e.fields.map((f) => ({ field: f.field, level: f.level, weight: round(f.weight) })), total: round(e.total), probability: e.probability };
}

export function rejectionEvidence(r: IncrementalRejection) {
  return { candidate: r.candidate, person: r.personKey, probability: r.probability, reason: r.reason };
}
