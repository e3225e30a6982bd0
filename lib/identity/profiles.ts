import { AJ_PRIMARY, type NormalisedBatch } from "./normalise";

/**
 * Consensus profiles.
 *
 * For each of first name, last name, email and phone, a cluster's value is the most
 * frequent normalised value among its records (names compared by comparison key, shown in
 * their normalised display form). Ties go to the value seen most recently (`updated_at`),
 * then to a value an AppointJet primary record carries (the richest source), then to the
 * smaller value, so the rule is deterministic.
 *
 * Every email and phone of the cluster is listed with how many records carry it and its
 * first and last `updated_at` (null when no record carrying it has a timestamp).
 */
export interface ContactPointSummary {
  readonly kind: "email" | "phone";
  readonly value: string;
  readonly records: number;
  readonly firstSeen: number | null;
  readonly lastSeen: number | null;
}

export interface PersonProfile {
  readonly personKey: string;
  /** How many records (full and attached weak); `profileRecords` lists them. */
  readonly recordCount: number;
  readonly firstName: string | null;
  readonly lastName: string | null;
  readonly email: string | null;
  readonly phone: string | null;
  readonly contacts: readonly ContactPointSummary[];
}

/**
 * All profiles of a batch in typed arrays (a million profile objects with their contact
 * lists would cost more in garbage collection than building them): consensus values as
 * ids into the batch's value tables, contact summaries as one compressed list. `get(c)`
 * materialises one profile as a plain object.
 */
export class ProfileTable implements Iterable<PersonProfile> {
  constructor(
    private readonly batch: NormalisedBatch,
    readonly personKeys: readonly string[],
    private readonly offsets: Int32Array,
    readonly firstName: Int32Array,
    readonly lastName: Int32Array,
    readonly email: Int32Array,
    readonly phone: Int32Array,
    /** Contacts of profile c: `contactOffsets[c] .. contactOffsets[c + 1]`. */
    readonly contactOffsets: Int32Array,
    /** 0 email, 1 phone. */
    readonly contactKind: Uint8Array,
    readonly contactValue: Int32Array,
    readonly contactRecords: Int32Array,
    /** Epoch ms; NaN when no record carrying the value has a timestamp. */
    readonly contactFirstSeen: Float64Array,
    readonly contactLastSeen: Float64Array,
  ) {}

  get count(): number {
    return this.personKeys.length;
  }

  get(c: number): PersonProfile {
    const b = this.batch;
    const contacts: ContactPointSummary[] = [];
    for (let k = this.contactOffsets[c]!; k < this.contactOffsets[c + 1]!; k++) {
      const email = this.contactKind[k] === 0;
      const first = this.contactFirstSeen[k]!;
      const last = this.contactLastSeen[k]!;
      contacts.push({
        kind: email ? "email" : "phone",
        value: (email ? b.emails : b.phones).values[this.contactValue[k]!]!,
        records: this.contactRecords[k]!,
        firstSeen: Number.isNaN(first) ? null : first,
        lastSeen: Number.isNaN(last) ? null : last,
      });
    }
    return {
      personKey: this.personKeys[c]!,
      recordCount: this.offsets[c + 1]! - this.offsets[c]!,
      firstName: b.firstNames.displayOf(this.firstName[c]!),
      lastName: b.lastNames.displayOf(this.lastName[c]!),
      email: b.emails.value(this.email[c]!),
      phone: b.phones.value(this.phone[c]!),
      contacts,
    };
  }

  *[Symbol.iterator](): Iterator<PersonProfile> {
    for (let c = 0; c < this.count; c++) yield this.get(c);
  }
}

/** Scratch space for tallying the distinct values of one field over one cluster. */
class Tally {
  ids = new Int32Array(64);
  counts = new Int32Array(64);
  minT = new Float64Array(64);
  maxT = new Float64Array(64);
  aj = new Uint8Array(64);
  length = 0;
  private index = new Map<number, number>();
  /** Whether `index` holds entries: clearing a Map costs a new backing store, so only a used one is cleared. */
  private indexed = false;

  reset(): void {
    this.length = 0;
    if (this.indexed) this.index.clear();
    this.indexed = false;
  }

  add(id: number, t: number, aj: boolean, useIndex: boolean): void {
    let k = -1;
    if (useIndex) k = this.index.get(id) ?? -1;
    else {
      for (let x = 0; x < this.length; x++) {
        if (this.ids[x] === id) {
          k = x;
          break;
        }
      }
    }
    if (k < 0) {
      if (this.length === this.ids.length) this.grow();
      k = this.length++;
      this.ids[k] = id;
      this.counts[k] = 0;
      this.minT[k] = Infinity;
      this.maxT[k] = -Infinity;
      this.aj[k] = 0;
      if (useIndex) {
        this.index.set(id, k);
        this.indexed = true;
      }
    }
    this.counts[k]!++;
    if (!Number.isNaN(t)) {
      if (t < this.minT[k]!) this.minT[k] = t;
      if (t > this.maxT[k]!) this.maxT[k] = t;
    }
    if (aj) this.aj[k] = 1;
  }

  /** The consensus id (see the rule at the top), or -1 when empty. */
  winner(values: readonly string[]): number {
    let best = -1;
    for (let k = 0; k < this.length; k++) {
      if (best < 0 || this.beats(k, best, values)) best = k;
    }
    return best < 0 ? -1 : this.ids[best]!;
  }

  private beats(k: number, best: number, values: readonly string[]): boolean {
    const c = this.counts[k]! - this.counts[best]!;
    if (c !== 0) return c > 0;
    const t = this.maxT[k]! - this.maxT[best]!;
    if (t !== 0 && !Number.isNaN(t)) return t > 0;
    const a = this.aj[k]! - this.aj[best]!;
    if (a !== 0) return a > 0;
    return (values[this.ids[k]!] ?? "") < (values[this.ids[best]!] ?? "");
  }

  private grow(): void {
    const cap = this.ids.length * 2;
    const ids = new Int32Array(cap);
    ids.set(this.ids);
    this.ids = ids;
    const counts = new Int32Array(cap);
    counts.set(this.counts);
    this.counts = counts;
    const minT = new Float64Array(cap);
    minT.set(this.minT);
    this.minT = minT;
    const maxT = new Float64Array(cap);
    maxT.set(this.maxT);
    this.maxT = maxT;
    const aj = new Uint8Array(cap);
    aj.set(this.aj);
    this.aj = aj;
  }
}

const INDEX_ABOVE = 64;

/** Builds the profile of every cluster of the CSR `offsets`/`members` (batch indices). */
export function buildProfiles(batch: NormalisedBatch, offsets: Int32Array, members: Int32Array, personKeys: readonly string[]): ProfileTable {
  const clusters = offsets.length - 1;
  const chosen = [new Int32Array(clusters), new Int32Array(clusters), new Int32Array(clusters), new Int32Array(clusters)] as const;
  const fields = [batch.first, batch.last, batch.email, batch.phone] as const;
  const tables = [batch.firstNames, batch.lastNames, batch.emails, batch.phones] as const;
  // at most one contact entry per record and kind
  const capacity = members.length * 2;
  const contactOffsets = new Int32Array(clusters + 1);
  const kind = new Uint8Array(capacity);
  const value = new Int32Array(capacity);
  const records = new Int32Array(capacity);
  const firstSeen = new Float64Array(capacity);
  const lastSeen = new Float64Array(capacity);
  let k = 0;
  const tally = new Tally();
  for (let c = 0; c < clusters; c++) {
    const start = offsets[c]!;
    const end = offsets[c + 1]!;
    const useIndex = end - start > INDEX_ABOVE;
    for (let f = 0; f < 4; f++) {
      const ids = fields[f]!;
      tally.reset();
      for (let x = start; x < end; x++) {
        const i = members[x]!;
        const id = ids[i]!;
        if (id >= 0) tally.add(id, batch.updatedAt[i]!, batch.source[i] === AJ_PRIMARY, useIndex);
      }
      chosen[f]![c] = tally.winner(tables[f]!.values);
      if (f < 2) continue;
      for (let t = 0; t < tally.length; t++, k++) {
        const minT = tally.minT[t]!;
        const maxT = tally.maxT[t]!;
        kind[k] = f - 2;
        value[k] = tally.ids[t]!;
        records[k] = tally.counts[t]!;
        firstSeen[k] = minT === Infinity ? NaN : minT;
        lastSeen[k] = maxT === -Infinity ? NaN : maxT;
      }
    }
    contactOffsets[c + 1] = k;
  }
  return new ProfileTable(
    batch,
    personKeys,
    offsets,
    chosen[0],
    chosen[1],
    chosen[2],
    chosen[3],
    contactOffsets,
    kind.slice(0, k),
    value.slice(0, k),
    records.slice(0, k),
    firstSeen.slice(0, k),
    lastSeen.slice(0, k),
  );
}
