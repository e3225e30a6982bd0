import { hash52 } from "./hash";

/**
 * Stable person keys.
 *
 * Given the previous assignment record key → person key, each cluster claims the previous
 * keys of its records; claims are granted strongest first (most records holding the key,
 * then the bigger cluster, then key order), one key per cluster and one cluster per key.
 * So a person keeps its key when it gains or loses records, and when a person splits the
 * part with most of its records keeps the key.
 *
 * A cluster with no grantable claim gets a new key derived from its smallest record key
 * (`p_` + a 52-bit hash), so a file run is deterministic. A key that was ever handed out
 * (any previous key) is never reused for a different cluster: a clash gets a suffix.
 */
export function assignPersonKeys(
  offsets: Int32Array,
  members: Int32Array,
  keyOf: (record: number) => string,
  previous?: ReadonlyMap<string, string>,
  compareKeys: (a: number, b: number) => number = (a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0),
  prefix = "p_",
): string[] {
  const clusters = offsets.length - 1;
  // (plain arrays grown by push: `new Array(n)` of a large n makes a slow dictionary array)
  const result: (string | undefined)[] = [];
  for (let c = 0; c < clusters; c++) result.push(undefined);
  const used = new Set<string>();

  if (previous && previous.size > 0) {
    for (const key of previous.values()) used.add(key);
    const claimCluster: number[] = [];
    const claimKey: string[] = [];
    const claimCount: number[] = [];
    const tally = new Map<string, number>();
    for (let c = 0; c < clusters; c++) {
      tally.clear();
      for (let x = offsets[c]!; x < offsets[c + 1]!; x++) {
        const prior = previous.get(keyOf(members[x]!));
        if (prior !== undefined) tally.set(prior, (tally.get(prior) ?? 0) + 1);
      }
      for (const [key, count] of tally) {
        claimCluster.push(c);
        claimKey.push(key);
        claimCount.push(count);
      }
    }
    const order = claimKey.map((_, k) => k);
    const sizeOf = (c: number) => offsets[c + 1]! - offsets[c]!;
    order.sort((x, y) => {
      const byCount = claimCount[y]! - claimCount[x]!;
      if (byCount !== 0) return byCount;
      const bySize = sizeOf(claimCluster[y]!) - sizeOf(claimCluster[x]!);
      if (bySize !== 0) return bySize;
      const kx = claimKey[x]!;
      const ky = claimKey[y]!;
      if (kx !== ky) return kx < ky ? -1 : 1;
      return claimCluster[x]! - claimCluster[y]!;
    });
    const granted = new Set<string>();
    for (const k of order) {
      const c = claimCluster[k]!;
      const key = claimKey[k]!;
      if (result[c] !== undefined || granted.has(key)) continue;
      result[c] = key;
      granted.add(key);
    }
  }

  const out: string[] = [];
  for (let c = 0; c < clusters; c++) {
    const kept = result[c];
    if (kept !== undefined) {
      out.push(kept);
      continue;
    }
    let smallest = -1;
    for (let x = offsets[c]!; x < offsets[c + 1]!; x++) {
      const record = members[x]!;
      if (smallest < 0 || compareKeys(record, smallest) < 0) smallest = record;
    }
    const base = hash52(smallest < 0 ? String(c) : keyOf(smallest), prefix);
    let key = base;
    for (let n = 1; used.has(key); n++) key = `${base}-${n}`;
    used.add(key);
    out.push(key);
  }
  return out;
}

/** Convenience form over lists of record keys (tests, small callers). */
export function personKeysFor(clusters: readonly (readonly string[])[], previous?: ReadonlyMap<string, string>): string[] {
  const recordKeys: string[] = [];
  const offsets = new Int32Array(clusters.length + 1);
  clusters.forEach((c, i) => {
    recordKeys.push(...c);
    offsets[i + 1] = recordKeys.length;
  });
  const members = Int32Array.from(recordKeys, (_, i) => i);
  return assignPersonKeys(offsets, members, (i) => recordKeys[i]!, previous);
}
