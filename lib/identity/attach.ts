import type { Blocks, Buckets } from "./block";
import { WEAK, type NormalisedBatch } from "./normalise";
import type { UnionFind } from "./union-find";
import type { WeakReason } from "./types";

export const NO_OWNER = -1;
export const AMBIGUOUS_OWNER = -2;

/**
 * For each contact value, the component that owns it on full records: its root, NO_OWNER
 * when no full record carries it, AMBIGUOUS_OWNER when full records of several components do.
 */
export function contactOwners(buckets: Buckets, uf: UnionFind): Int32Array {
  const values = buckets.offsets.length - 1;
  const owner = new Int32Array(values).fill(NO_OWNER);
  for (let v = 0; v < values; v++) {
    const start = buckets.offsets[v]!;
    const end = buckets.offsets[v + 1]!;
    if (start === end) continue;
    const root = uf.find(buckets.members[start]!);
    let own = root;
    for (let x = start + 1; x < end; x++) {
      if (uf.find(buckets.members[x]!) !== root) {
        own = AMBIGUOUS_OWNER;
        break;
      }
    }
    owner[v] = own;
  }
  return owner;
}

export interface WeakAttachment {
  /** Root of the component each weak record joins, or -1 (then see `reason`). */
  readonly root: Int32Array;
  readonly reason: Map<number, WeakReason>;
  readonly attached: number;
}

/**
 * Attach weak records (one identifying field, so an email or a phone) to the component
 * that already has that exact value on a full record. If several components have it the
 * record waits as `ambiguous`; if none, as `no_match`.
 */
export function attachWeak(batch: NormalisedBatch, blocks: Blocks, uf: UnionFind): WeakAttachment {
  const emailOwner = contactOwners(blocks.email, uf);
  const phoneOwner = contactOwners(blocks.phone, uf);
  const root = new Int32Array(batch.size).fill(-1);
  const reason = new Map<number, WeakReason>();
  let attached = 0;
  for (let i = 0; i < batch.size; i++) {
    if (batch.status[i] !== WEAK) continue;
    const e = batch.email[i]!;
    const p = batch.phone[i]!;
    const owner = e >= 0 ? emailOwner[e]! : p >= 0 ? phoneOwner[p]! : NO_OWNER;
    if (owner >= 0) {
      root[i] = owner;
      attached++;
    } else reason.set(i, owner === AMBIGUOUS_OWNER ? "ambiguous" : "no_match");
  }
  return { root, reason, attached };
}

/** The same rule for one value, given the person keys of full records carrying it. */
export function attachDecision(ownerKeys: Iterable<string>): { ok: true; personKey: string } | { ok: false; reason: WeakReason } {
  let only: string | null = null;
  for (const key of ownerKeys) {
    if (only === null) only = key;
    else if (key !== only) return { ok: false, reason: "ambiguous" };
  }
  return only === null ? { ok: false, reason: "no_match" } : { ok: true, personKey: only };
}
