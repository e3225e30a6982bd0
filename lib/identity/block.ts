import { FULL, type NormalisedBatch } from "./normalise";

/**
 * Blocking: full records grouped by shared email and by shared phone, as compressed
 * buckets (CSR): the members of value v are `members[offsets[v] .. offsets[v + 1])`, in
 * record order. Only full records take part in matching.
 */
export interface Buckets {
  readonly offsets: Int32Array;
  readonly members: Int32Array;
}

export interface Blocks {
  readonly email: Buckets;
  readonly phone: Buckets;
}

export function bucketize(values: Int32Array, status: Uint8Array, valueCount: number): Buckets {
  const offsets = new Int32Array(valueCount + 1);
  const n = values.length;
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    if (v >= 0 && status[i] === FULL) offsets[v + 1]!++;
  }
  for (let v = 0; v < valueCount; v++) offsets[v + 1]! += offsets[v]!;
  const cursor = offsets.slice(0, valueCount);
  const members = new Int32Array(offsets[valueCount]!);
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    if (v >= 0 && status[i] === FULL) members[cursor[v]!++] = i;
  }
  return { offsets, members };
}

export function buildBlocks(batch: NormalisedBatch): Blocks {
  return {
    email: bucketize(batch.email, batch.status, batch.emails.size),
    phone: bucketize(batch.phone, batch.status, batch.phones.size),
  };
}

export function bucketSize(buckets: Buckets, value: number): number {
  return buckets.offsets[value + 1]! - buckets.offsets[value]!;
}
