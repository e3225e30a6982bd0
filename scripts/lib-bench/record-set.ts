/**
 * The source:id pairs read so far, as an open-addressing hash table over typed arrays:
 * a Set of a million id strings costs about a second to fill (hashing, rehashing, and the
 * GC of its big backing store); this costs a tenth. A hash match is confirmed by comparing
 * the ids, so hash collisions cost time, never correctness.
 */

/** FNV-1a over the id's UTF-16 code units, seeded by the source code. */
export function recordHash(source: number, id: string): number {
  let h = Math.imul(0x811c9dc5 ^ source, 0x01000193);
  for (let k = 0; k < id.length; k++) h = Math.imul(h ^ id.charCodeAt(k), 0x01000193);
  return h >>> 0;
}

export class RecordSet {
  /** Entry index + 1 per slot; 0 is empty. */
  private slots: Int32Array;
  private hashes: Uint32Array;
  private sources: Uint8Array;
  private readonly ids: string[] = [];

  /** `expected`: about how many records it will hold (it grows past it). */
  constructor(expected = 0) {
    const entries = Math.max(1024, expected);
    let slots = 4096;
    while (slots < 2 * entries) slots *= 2;
    this.slots = new Int32Array(slots);
    this.hashes = new Uint32Array(entries);
    this.sources = new Uint8Array(entries);
  }

  get size(): number {
    return this.ids.length;
  }

  /** The hash of each entry, in the order added. */
  entryHashes(): Uint32Array {
    return this.hashes.slice(0, this.ids.length);
  }

  has(source: number, id: string, hash = recordHash(source, id)): boolean {
    const mask = this.slots.length - 1;
    for (let at = hash & mask; ; at = (at + 1) & mask) {
      const e = this.slots[at]! - 1;
      if (e < 0) return false;
      if (this.hashes[e] === hash && this.sources[e] === source && this.ids[e] === id) return true;
    }
  }

  /** Whether any of these records (by source, hash and id) is in the set; `idAt` is asked only on a hash match. */
  hasAny(sources: Uint8Array, hashes: Uint32Array, idAt: (k: number) => string): boolean {
    const mask = this.slots.length - 1;
    for (let k = 0; k < hashes.length; k++) {
      const hash = hashes[k]!;
      for (let at = hash & mask; ; at = (at + 1) & mask) {
        const e = this.slots[at]! - 1;
        if (e < 0) break;
        if (this.hashes[e] === hash && this.sources[e] === sources[k] && this.ids[e] === idAt(k)) return true;
      }
    }
    return false;
  }

  /** Adds a record not in the set. */
  add(source: number, id: string, hash = recordHash(source, id)): void {
    const e = this.ids.length;
    if (e === this.hashes.length) {
      this.hashes = grow(this.hashes);
      this.sources = grow(this.sources);
    }
    this.ids.push(id);
    this.hashes[e] = hash;
    this.sources[e] = source;
    if (2 * (e + 1) > this.slots.length) this.rehash(this.slots.length * 2);
    else this.place(e, hash);
  }

  private place(e: number, hash: number): void {
    const mask = this.slots.length - 1;
    let at = hash & mask;
    while (this.slots[at] !== 0) at = (at + 1) & mask;
    this.slots[at] = e + 1;
  }

  private rehash(size: number): void {
    this.slots = new Int32Array(size);
    for (let e = 0; e < this.ids.length; e++) this.place(e, this.hashes[e]!);
  }
}

function grow<T extends Uint8Array | Uint32Array>(array: T): T {
  const next = new (array.constructor as new (n: number) => T)(array.length * 2);
  next.set(array);
  return next;
}
