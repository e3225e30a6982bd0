/**
 * Builds a NormalisedBatch one record at a time (`normaliseBatch` is the whole of it for a
 * list of records). A batch can also be built in parts, one per thread: each part
 * normalises its records against its own value tables (`toPart`, a compact transferable
 * form, batch-part.ts) and the batch's builder appends the parts in record order
 * (`appendPart`), interning their values. Interning part by part in order gives the ids
 * and display forms (the first seen) that one builder over all records gives.
 */
import type { IdentityConfig } from "./config";
import { normaliseEmail } from "./email";
import { nameKey, normaliseName, splitFullName } from "./names";
import { DROPPED, SOURCE_CODES, SOURCE_NAMES, fingerprint, orientNames, parseTime, statusOf, type NormalisedBatch } from "./normalise";
import { type BatchPart, type TablePart, packStrings, unpackStrings } from "./batch-part";
import { PhoneNormaliser } from "./phone";
import { type Source, type SourceRecordInput, recordKey } from "./types";
import { ValueTable } from "./value-table";

/** SOURCE_CODES[source] without a property lookup by string (once per record). */
function sourceCode(source: Source): number {
  switch (source.length) {
    case 2:
      return SOURCE_CODES.aj;
    case 3:
      return SOURCE_CODES.sbm;
    case 5:
      return SOURCE_CODES.order;
    default:
      return SOURCE_CODES.aj_partner;
  }
}

function tablePart(table: ValueTable): TablePart {
  return { values: packStrings(table.values), displays: table.hasDisplays ? packStrings(table.displayList) : null };
}

/** Interns a part's table into `table`: the global id of each of the part's ids. */
function internPart(table: ValueTable, part: TablePart): Int32Array {
  const values = unpackStrings(part.values);
  const displays = part.displays ? unpackStrings(part.displays) : values;
  const ids = new Int32Array(values.length);
  for (let k = 0; k < values.length; k++) ids[k] = table.intern(values[k]!, displays[k]!);
  return ids;
}

function remap(into: Int32Array, at: number, from: Int32Array, ids: Int32Array): void {
  for (let k = 0; k < from.length; k++) {
    const v = from[k]!;
    into[at + k] = v < 0 ? -1 : ids[v]!;
  }
}

function grown<T extends Uint8Array | Int32Array | Float64Array>(array: T, capacity: number): T {
  const next = new (array.constructor as new (n: number) => T)(capacity);
  next.set(array);
  return next;
}

/**
 * Names and full names are cached by raw value (each distinct spelling is normalised
 * once); emails, phones and timestamps are read per record (cheap: see phone.ts for the
 * phone fast path) and interned. Used once: `finish` hands over the arrays.
 */
export class BatchBuilder {
  private n = 0;
  // grown by push: `new Array(n)` of a large n makes a slow dictionary-mode array
  private readonly ids: string[] = [];
  private source: Uint8Array;
  private status: Uint8Array;
  private first: Int32Array;
  private last: Int32Array;
  private email: Int32Array;
  private phone: Int32Array;
  private booking: Int32Array;
  private updatedAt: Float64Array;
  private readonly explicitVersions = new Map<number, string>();
  private readonly firstNames = new ValueTable(true);
  private readonly lastNames = new ValueTable(true);
  private readonly emails = new ValueTable();
  private readonly phones = new ValueTable();
  private readonly bookings = new ValueTable();
  private readonly phoneNormaliser: PhoneNormaliser;
  /** libphonenumber calls made by the builders of appended parts. */
  private partPhoneParses = 0;

  private readonly nameCacheFirst = new Map<string, number>();
  private readonly nameCacheLast = new Map<string, number>();
  private readonly fullNameCache = new Map<string, number>(); // packed: first id * 2^26 + (last id + 1)
  private readonly phoneIds = new Map<number, number>();

  /** `capacity`: the records expected (the arrays grow past it). */
  constructor(config: Pick<IdentityConfig, "defaultRegion" | "phoneValidity">, capacity = 1024) {
    const c = Math.max(1, capacity);
    this.source = new Uint8Array(c);
    this.status = new Uint8Array(c);
    this.first = new Int32Array(c);
    this.last = new Int32Array(c);
    this.email = new Int32Array(c);
    this.phone = new Int32Array(c);
    this.booking = new Int32Array(c);
    this.updatedAt = new Float64Array(c);
    this.phoneNormaliser = new PhoneNormaliser(config.defaultRegion, config.phoneValidity);
  }

  get size(): number {
    return this.n;
  }

  private reserve(extra: number): void {
    const need = this.n + extra;
    if (need <= this.source.length) return;
    const c = Math.max(need, this.source.length * 2);
    this.source = grown(this.source, c);
    this.status = grown(this.status, c);
    this.first = grown(this.first, c);
    this.last = grown(this.last, c);
    this.email = grown(this.email, c);
    this.phone = grown(this.phone, c);
    this.booking = grown(this.booking, c);
    this.updatedAt = grown(this.updatedAt, c);
  }

  private internName(table: ValueTable, normalised: string | null): number {
    if (normalised === null) return -1;
    return table.intern(nameKey(normalised), normalised);
  }

  private cachedName(cache: Map<string, number>, table: ValueTable, raw: string | null | undefined): number {
    if (raw == null) return -1;
    const hit = cache.get(raw);
    if (hit !== undefined) return hit;
    const id = this.internName(table, normaliseName(raw));
    cache.set(raw, id);
    return id;
  }

  /** Normalises one record into the batch (the next index). */
  add(input: SourceRecordInput): void {
    this.reserve(1);
    const i = this.n++;
    this.ids.push(input.id);
    this.source[i] = sourceCode(input.source);

    let f = this.cachedName(this.nameCacheFirst, this.firstNames, input.first_name);
    let l = this.cachedName(this.nameCacheLast, this.lastNames, input.last_name);
    if (f < 0 && l < 0 && input.full_name != null) {
      const raw = input.full_name;
      let packed = this.fullNameCache.get(raw);
      if (packed === undefined) {
        const split = splitFullName(raw);
        const fid = this.internName(this.firstNames, split.firstName);
        const lid = this.internName(this.lastNames, split.lastName);
        packed = (fid + 1) * 67108864 + (lid + 1);
        this.fullNameCache.set(raw, packed);
      }
      f = Math.floor(packed / 67108864) - 1;
      l = (packed % 67108864) - 1;
    }
    this.first[i] = f;
    this.last[i] = l;

    // Emails and phones are cheap to normalise, so they are interned by normalised value
    // only: a second big map keyed by raw spelling costs more than it saves.
    const normEmail = input.email == null ? null : normaliseEmail(input.email);
    const e = normEmail === null ? -1 : this.emails.intern(normEmail);
    this.email[i] = e;

    let p = -1;
    const rawPhone = input.phone;
    if (rawPhone != null) {
      const digits = this.phoneNormaliser.readDigits(rawPhone);
      if (digits > 0) {
        // fast path: interned by number, the E.164 string is built once per distinct number
        const known = this.phoneIds.get(digits);
        if (known !== undefined) p = known;
        else {
          p = this.phones.intern(`+${digits}`);
          this.phoneIds.set(digits, p);
        }
      } else if (digits < 0) {
        const norm = this.phoneNormaliser.readSlow(rawPhone);
        p = norm === null ? -1 : this.phones.intern(norm);
      }
    }
    this.phone[i] = p;

    this.booking[i] = input.booking_id == null || input.booking_id === "" ? -1 : this.bookings.intern(String(input.booking_id));

    this.updatedAt[i] = parseTime(input.updated_at);

    if (input.evidence_version != null) this.explicitVersions.set(i, input.evidence_version);
    const fields = (f >= 0 ? 1 : 0) + (l >= 0 ? 1 : 0) + (e >= 0 ? 1 : 0) + (p >= 0 ? 1 : 0);
    this.status[i] = statusOf(fields, e >= 0 || p >= 0);
  }

  /** The records added so far, against this builder's tables, in transferable form. */
  toPart(): BatchPart {
    const n = this.n;
    const versionAt = new Int32Array(this.explicitVersions.size);
    const versions: string[] = [];
    for (const [i, v] of this.explicitVersions) {
      versionAt[versions.length] = i;
      versions.push(v);
    }
    return {
      size: n,
      source: this.source.slice(0, n),
      status: this.status.slice(0, n),
      first: this.first.slice(0, n),
      last: this.last.slice(0, n),
      email: this.email.slice(0, n),
      phone: this.phone.slice(0, n),
      booking: this.booking.slice(0, n),
      updatedAt: this.updatedAt.slice(0, n),
      ids: packStrings(this.ids),
      versionAt,
      versions: packStrings(versions),
      firstNames: tablePart(this.firstNames),
      lastNames: tablePart(this.lastNames),
      emails: tablePart(this.emails),
      phones: tablePart(this.phones),
      bookings: tablePart(this.bookings),
      phoneParses: this.phoneNormaliser.slowParses + this.partPhoneParses,
    };
  }

  /** Appends the records of a part (built by another builder) after those added so far. */
  appendPart(part: BatchPart): void {
    const at = this.n;
    const n = part.size;
    this.reserve(n);
    this.source.set(part.source, at);
    this.status.set(part.status, at);
    this.updatedAt.set(part.updatedAt, at);
    remap(this.first, at, part.first, internPart(this.firstNames, part.firstNames));
    remap(this.last, at, part.last, internPart(this.lastNames, part.lastNames));
    remap(this.email, at, part.email, internPart(this.emails, part.emails));
    remap(this.phone, at, part.phone, internPart(this.phones, part.phones));
    remap(this.booking, at, part.booking, internPart(this.bookings, part.bookings));
    for (const id of unpackStrings(part.ids)) this.ids.push(id);
    const versions = unpackStrings(part.versions);
    for (let k = 0; k < versions.length; k++) this.explicitVersions.set(at + part.versionAt[k]!, versions[k]!);
    this.partPhoneParses += part.phoneParses;
    this.n = at + n;
  }

  /**
   * The batch: what needs every record (names written the other way round turned back,
   * first-name counts) done. The builder is spent.
   */
  finish(): NormalisedBatch {
    const n = this.n;
    const { ids, explicitVersions, firstNames, lastNames, emails, phones, bookings } = this;
    const source = this.source.subarray(0, n);
    const status = this.status.subarray(0, n);
    const first = this.first.subarray(0, n);
    const last = this.last.subarray(0, n);
    const email = this.email.subarray(0, n);
    const phone = this.phone.subarray(0, n);
    const booking = this.booking.subarray(0, n);
    const updatedAt = this.updatedAt.subarray(0, n);

    // a turned record keeps the evidence version of what its source wrote (as ingest computed it)
    for (const [i, was] of orientNames(first, last, status, firstNames, lastNames)) {
      if (explicitVersions.has(i)) continue;
      explicitVersions.set(i, fingerprint(firstNames.value(was[0]), lastNames.value(was[1]), emails.value(email[i]!), phones.value(phone[i]!), bookings.value(booking[i]!)));
    }

    const firstNameCounts = new Int32Array(firstNames.size);
    for (let i = 0; i < n; i++) {
      const f = first[i]!;
      if (f >= 0 && status[i] !== DROPPED) firstNameCounts[f]!++;
    }

    const keyOf = (i: number) => recordKey(SOURCE_NAMES[source[i]!] ?? "order", ids[i]!);
    // "source:id" order equals (source, id) order: sources hold no ':' and ':' sorts before '_'
    const compareKeys = (i: number, j: number) => {
      const si = SOURCE_NAMES[source[i]!] ?? "";
      const sj = SOURCE_NAMES[source[j]!] ?? "";
      if (si !== sj) return si < sj ? -1 : 1;
      const a = ids[i]!;
      const b = ids[j]!;
      return a === b ? 0 : a < b ? -1 : 1;
    };

    return {
      size: n,
      keyOf,
      compareKeys,
      ids,
      source,
      status,
      first,
      last,
      email,
      phone,
      booking,
      updatedAt,
      explicitVersions,
      firstNames,
      lastNames,
      emails,
      phones,
      bookings,
      firstNameCounts,
      phoneParses: this.phoneNormaliser.slowParses + this.partPhoneParses,
    };
  }
}

/** Normalises many records at once (see BatchBuilder). */
export function normaliseBatch(inputs: readonly SourceRecordInput[], config: Pick<IdentityConfig, "defaultRegion" | "phoneValidity">): NormalisedBatch {
  const builder = new BatchBuilder(config, inputs.length);
  for (let i = 0; i < inputs.length; i++) builder.add(inputs[i]!);
  return builder.finish();
}
