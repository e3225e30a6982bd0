import { AJ_PARTNER, AJ_PRIMARY, type NormalisedBatch } from "./normalise";
import type { PairScorer } from "./pair-scorer";

/**
 * Cannot-link constraints, checked on whole components at union time, so they also hold
 * through any chain of other records.
 *
 * 1. Booking roles: the AppointJet primary and partner of one booking are two people. Each
 *    root keeps the booking-role keys it contains (booking id × 2 + role); two components
 *    holding opposite roles of one booking never join.
 * 2. First names: each root keeps its distinct first names (up to a cap). Two components
 *    join only if every first name of one is compatible (compare.ts: not a clear
 *    disagreement) with every first name of the other, or both are misspellings (one
 *    edit, compare.ts `typo`) of one first name the two components hold: Gerald's records
 *    spelt Geraud and Gerld still join, through Gerald. Karen and Albert sharing an inbox
 *    stay two people even when a record with no first name links them both; and once
 *    "Sam" has joined Samantha, Samuel cannot follow through the ambiguous nickname.
 *
 * Storage: the first value of each root lives in a typed array; only roots holding more
 * than one value keep an overflow list (most people have one first name and no booking).
 */
export const UNION_OK = 0;
export const BOOKING_CONFLICT = 1;
export const FIRST_NAME_CONFLICT = 2;

/** A set of small non-negative ints per root: head in a typed array, the rest in a map. */
class RootSets {
  readonly head: Int32Array;
  private readonly rest = new Map<number, number[]>();

  constructor(initial: Int32Array) {
    this.head = initial;
  }

  has(root: number, value: number): boolean {
    const h = this.head[root]!;
    if (h < 0) return false;
    if (h === value) return true;
    const more = this.rest.get(root);
    return more !== undefined && more.includes(value);
  }

  /** Calls `f` for each value of the root; stops when it returns true. Returns whether it did. */
  some(root: number, f: (value: number) => boolean): boolean {
    const h = this.head[root]!;
    if (h < 0) return false;
    if (f(h)) return true;
    const more = this.rest.get(root);
    if (more) for (const v of more) if (f(v)) return true;
    return false;
  }

  isEmpty(root: number): boolean {
    return this.head[root]! < 0;
  }

  /** Moves the values of `absorbed` into `survivor`, keeping at most `cap` per root. */
  absorb(survivor: number, absorbed: number, cap: number): void {
    const h = this.head[absorbed]!;
    if (h < 0) return;
    const more = this.rest.get(absorbed);
    this.rest.delete(absorbed);
    this.add(survivor, h, cap);
    if (more) for (const v of more) this.add(survivor, v, cap);
  }

  private add(root: number, value: number, cap: number): void {
    const h = this.head[root]!;
    if (h < 0) {
      this.head[root] = value;
      return;
    }
    if (h === value) return;
    const more = this.rest.get(root);
    if (!more) {
      if (cap > 1) this.rest.set(root, [value]);
    } else if (!more.includes(value) && more.length + 1 < cap) more.push(value);
  }
}

/**
 * First-name id per record for the veto, or -1 when the "first name" is more often seen as
 * a surname in the batch (a record written the other way round that the orientation pass
 * left alone: `Hodgson George` must not veto George Hodgson).
 */
function firstNamesForVeto(batch: NormalisedBatch): Int32Array {
  const asFirst = new Int32Array(batch.firstNames.size);
  const asLast = new Int32Array(batch.lastNames.size);
  for (let i = 0; i < batch.size; i++) {
    if (batch.first[i]! >= 0) asFirst[batch.first[i]!]!++;
    if (batch.last[i]! >= 0) asLast[batch.last[i]!]!++;
  }
  const surnameLike = new Uint8Array(asFirst.length);
  for (let f = 0; f < asFirst.length; f++) {
    const l = batch.lastNames.idOf(batch.firstNames.values[f]!);
    if (l >= 0 && asLast[l]! > asFirst[f]!) surnameLike[f] = 1;
  }
  return Int32Array.from(batch.first, (f) => (f >= 0 && surnameLike[f] ? -1 : f));
}

export class ComponentConstraints {
  private readonly roles: RootSets;
  private readonly names: RootSets;

  constructor(
    batch: NormalisedBatch,
    private readonly scorer: PairScorer,
    private readonly maxNames: number,
  ) {
    const roles = new Int32Array(batch.size).fill(-1);
    for (let i = 0; i < batch.size; i++) {
      const b = batch.booking[i]!;
      if (b < 0) continue;
      const s = batch.source[i]!;
      if (s === AJ_PRIMARY) roles[i] = b * 2;
      else if (s === AJ_PARTNER) roles[i] = b * 2 + 1;
    }
    this.roles = new RootSets(roles);
    this.names = new RootSets(firstNamesForVeto(batch));
  }

  check(ra: number, rb: number): number {
    const roles = this.roles;
    if (!roles.isEmpty(ra) && !roles.isEmpty(rb) && roles.some(ra, (r) => roles.has(rb, r ^ 1))) return BOOKING_CONFLICT;
    const names = this.names;
    if (!names.isEmpty(ra) && !names.isEmpty(rb) && !this.compatible(ra, rb)) return FIRST_NAME_CONFLICT;
    return UNION_OK;
  }

  /** Is every first name of root `a` compatible with every first name of root `b`? */
  private compatible(a: number, b: number): boolean {
    const names = this.names;
    const scorer = this.scorer;
    return !names.some(a, (x) => names.some(b, (y) => !scorer.firstCompatible(x, y) && !this.sameSpelling(x, y, a, b)));
  }

  /** Are x and y both one-edit spellings of a first name held by root a or b? */
  private sameSpelling(x: number, y: number, a: number, b: number): boolean {
    const scorer = this.scorer;
    const near = (n: number, z: number) => n === z || scorer.isTypo(n, z);
    const bridge = (z: number) => near(x, z) && near(y, z);
    return this.names.some(a, bridge) || this.names.some(b, bridge);
  }

  /** Records that `survivor` absorbed `absorbed` (call after the union). */
  merged(survivor: number, absorbed: number): void {
    this.roles.absorb(survivor, absorbed, Infinity);
    this.names.absorb(survivor, absorbed, this.maxNames);
  }
}
