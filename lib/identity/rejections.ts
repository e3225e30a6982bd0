import { evidenceVersionOf, type NormalisedBatch } from "./normalise";

/**
 * Merge rejections: pairs the engine scored and did not merge. A caller caches them and
 * passes them back; the engine then skips the pair until either record's evidence version
 * changes (new evidence deserves a fresh look).
 */
export type RejectionReason = "below_threshold" | "booking_conflict" | "first_name_conflict";

export interface MergeRejection {
  readonly a: string;
  readonly b: string;
  readonly aVersion: string;
  readonly bVersion: string;
}

export interface RejectedPair extends MergeRejection {
  readonly probability: number;
  readonly reason: RejectionReason;
}

function pairKey(a: string, b: string): string {
  return a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`;
}

/** Prior rejections by record-key pair, for object-form records. */
export class RejectionSet {
  private readonly versions = new Map<string, string>();

  constructor(rejections: Iterable<MergeRejection> = []) {
    for (const r of rejections) this.add(r);
  }

  add(r: MergeRejection): void {
    const [va, vb] = r.a < r.b ? [r.aVersion, r.bVersion] : [r.bVersion, r.aVersion];
    this.versions.set(pairKey(r.a, r.b), `${va}\u0000${vb}`);
  }

  get size(): number {
    return this.versions.size;
  }

  /** Is this pair rejected with both evidence versions unchanged? */
  skips(a: { key: string; evidenceVersion: string }, b: { key: string; evidenceVersion: string }): boolean {
    const kept = this.versions.get(pairKey(a.key, b.key));
    if (kept === undefined) return false;
    const now = a.key < b.key ? `${a.evidenceVersion}\u0000${b.evidenceVersion}` : `${b.evidenceVersion}\u0000${a.evidenceVersion}`;
    return kept === now;
  }
}

/**
 * Prior rejections resolved to batch indices; only those whose versions still match the
 * batch's records are kept. Lookups are by a numeric pair key.
 */
export class BatchRejections {
  private readonly pairs = new Set<number>();
  private readonly n: number;

  constructor(batch: NormalisedBatch, rejections: Iterable<MergeRejection>) {
    this.n = batch.size;
    let index: Map<string, number> | null = null;
    for (const r of rejections) {
      if (index === null) {
        index = new Map();
        for (let i = 0; i < batch.size; i++) index.set(batch.keyOf(i), i);
      }
      const ia = index.get(r.a);
      const ib = index.get(r.b);
      if (ia === undefined || ib === undefined || ia === ib) continue;
      if (evidenceVersionOf(batch, ia) !== r.aVersion || evidenceVersionOf(batch, ib) !== r.bVersion) continue;
      this.pairs.add(this.key(ia, ib));
    }
  }

  private key(i: number, j: number): number {
    return i < j ? i * this.n + j : j * this.n + i;
  }

  get size(): number {
    return this.pairs.size;
  }

  skips(i: number, j: number): boolean {
    return this.pairs.size > 0 && this.pairs.has(this.key(i, j));
  }
}
