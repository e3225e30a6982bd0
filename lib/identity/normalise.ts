import type { RecordColumns } from "./batch-part";
import type { IdentityConfig } from "./config";
import { normaliseEmail } from "./email";
import { hash52 } from "./hash";
import { nameKey, normaliseName, splitFullName } from "./names";
import { PhoneNormaliser } from "./phone";
import { type NormalisedRecord, type RecordStatus, type Source, type SourceRecordInput, recordKey } from "./types";
import type { ValueTable } from "./value-table";

/** Record status codes in a batch. */
export const FULL = 0;
export const WEAK = 1;
export const DROPPED = 2;
const STATUS_NAMES: readonly RecordStatus[] = ["full", "weak", "dropped"];

export const SOURCE_CODES: Readonly<Record<Source, number>> = { order: 0, sbm: 1, aj: 2, aj_partner: 3 };
export const SOURCE_NAMES: readonly Source[] = ["order", "sbm", "aj", "aj_partner"];
export const AJ_PRIMARY = SOURCE_CODES.aj;
export const AJ_PARTNER = SOURCE_CODES.aj_partner;

/**
 * Many records, normalised into parallel typed arrays (batch-builder.ts builds it). Names, emails, phones and booking
 * ids are interned (value-table.ts); -1 means missing. Names are interned by comparison
 * key, so O'Brien and OBrien share an id.
 */
export interface NormalisedBatch extends RecordColumns {
  /** `${source}:${id}` of record i, built on demand (a million key strings cost seconds of GC). */
  readonly keyOf: (i: number) => string;
  /** Orders records by key without building the keys. */
  readonly compareKeys: (i: number, j: number) => number;
  readonly ids: readonly string[];
  /** Caller-supplied evidence versions by record index. */
  readonly explicitVersions: ReadonlyMap<number, string>;
  readonly firstNames: ValueTable;
  readonly lastNames: ValueTable;
  readonly emails: ValueTable;
  readonly phones: ValueTable;
  readonly bookings: ValueTable;
  /** Records per first-name id (non-dropped records), for the typo guard. */
  readonly firstNameCounts: Int32Array;
  /** How many times libphonenumber was called (a batch built in parts: the parts' sum). */
  readonly phoneParses: number;
}

interface NameParts {
  readonly first: string | null;
  readonly last: string | null;
}

function nameParts(input: SourceRecordInput): NameParts {
  const first = normaliseName(input.first_name);
  const last = normaliseName(input.last_name);
  if (first === null && last === null && input.full_name != null) {
    const split = splitFullName(input.full_name);
    return { first: split.firstName, last: split.lastName };
  }
  return { first, last };
}

export function statusOf(fields: number, hasContact: boolean): number {
  if (!hasContact) return DROPPED;
  return fields >= 2 ? FULL : WEAK;
}

/**
 * Epoch ms of a timestamp, NaN when unreadable. The common UTC shape
 * "YYYY-MM-DDTHH:MM:SS[.fff]Z" is read digit by digit (no allocation, no lookup: it runs
 * once per record); anything else goes to Date.parse.
 */
export function parseTime(raw: string | null | undefined): number {
  if (raw == null) return NaN;
  const n = raw.length;
  if ((n === 20 || n === 24) && raw.charCodeAt(n - 1) === 90 /* Z */ && raw.charCodeAt(10) === 84 /* T */) {
    const year = digitsAt(raw, 0, 4);
    const month = digitsAt(raw, 5, 2);
    const day = digitsAt(raw, 8, 2);
    const hour = digitsAt(raw, 11, 2);
    const minute = digitsAt(raw, 14, 2);
    const second = digitsAt(raw, 17, 2);
    const ms = n === 24 ? digitsAt(raw, 20, 3) : 0;
    const separators = raw.charCodeAt(4) === 45 && raw.charCodeAt(7) === 45 && raw.charCodeAt(13) === 58 && raw.charCodeAt(16) === 58 && (n === 20 || raw.charCodeAt(19) === 46);
    if (separators && year >= 0 && month >= 1 && month <= 12 && day >= 1 && day <= 31 && hour >= 0 && hour <= 23 && minute >= 0 && minute <= 59 && second >= 0 && second <= 59 && ms >= 0) {
      // like Date.parse, Date.UTC rolls 31 February over into March
      return Date.UTC(year, month - 1, day, hour, minute, second, ms);
    }
  }
  return Date.parse(raw);
}

/** The decimal value of `len` digits at `at`, or -1 if any is not a digit. */
function digitsAt(raw: string, at: number, len: number): number {
  let v = 0;
  for (let k = at; k < at + len; k++) {
    const c = raw.charCodeAt(k) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

/** The default evidence version: a fingerprint of what matching looks at. */
export function fingerprint(first: string | null, last: string | null, email: string | null, phone: string | null, booking: string | null): string {
  return hash52(`${first ?? ""}|${last ?? ""}|${email ?? ""}|${phone ?? ""}|${booking ?? ""}`);
}

/** Normalises one record into object form. */
export function normaliseRecord(input: SourceRecordInput, config: Pick<IdentityConfig, "defaultRegion" | "phoneValidity">, phones?: PhoneNormaliser): NormalisedRecord {
  const normaliser = phones ?? new PhoneNormaliser(config.defaultRegion, config.phoneValidity);
  const { first, last } = nameParts(input);
  const email = normaliseEmail(input.email);
  const phone = normaliser.normalise(input.phone);
  const bookingId = input.booking_id == null || input.booking_id === "" ? null : String(input.booking_id);
  const fields = (first ? 1 : 0) + (last ? 1 : 0) + (email ? 1 : 0) + (phone ? 1 : 0);
  const status = STATUS_NAMES[statusOf(fields, email !== null || phone !== null)] ?? "dropped";
  const updatedAt = parseTime(input.updated_at);
  return {
    key: recordKey(input.source, input.id),
    source: input.source,
    id: input.id,
    firstName: first,
    lastName: last,
    email,
    phone,
    bookingId,
    updatedAt: Number.isNaN(updatedAt) ? null : updatedAt,
    evidenceVersion: input.evidence_version ?? fingerprint(first ? nameKey(first) : null, last ? nameKey(last) : null, email, phone, bookingId),
    status,
  };
}

/**
 * First and last names written the other way round (`Hodgson George`, or a lone first
 * name in the surname field) are turned back, judged by the batch itself: a record is
 * turned when its first name is mostly seen as a surname and its surname mostly as a
 * first name (a lone name: when it is mostly seen in the other field, and at least twice
 * there). The rule needs no list of names, so it holds on any draw where most records are
 * written the right way round; pairs it leaves alone still meet the `swapped` level.
 */
export function orientNames(first: Int32Array, last: Int32Array, status: Uint8Array, firstNames: ValueTable, lastNames: ValueTable): Map<number, readonly [number, number]> {
  const turned = new Map<number, readonly [number, number]>();
  const n = first.length;
  // counted by id, then by name across the two tables (a name's id in the other table, once per name)
  const asFirst = new Int32Array(firstNames.size);
  const asLast = new Int32Array(lastNames.size);
  for (let i = 0; i < n; i++) {
    if (status[i] === DROPPED) continue;
    const f = first[i]!;
    const l = last[i]!;
    if (f >= 0) asFirst[f]!++;
    if (l >= 0) asLast[l]!++;
  }
  const otherCount = (names: readonly string[], other: ValueTable, counts: Int32Array) =>
    Int32Array.from(names, (name) => {
      const id = other.idOf(name);
      return id >= 0 ? counts[id]! : 0;
    });
  const firstAsLast = otherCount(firstNames.values, lastNames, asLast); // by first-name id
  const lastAsFirst = otherCount(lastNames.values, firstNames, asFirst); // by last-name id
  const mostlyLast = (f: number, min: number) => firstAsLast[f]! >= min && firstAsLast[f]! > 2 * asFirst[f]!;
  const mostlyFirst = (l: number, min: number) => lastAsFirst[l]! >= min && lastAsFirst[l]! > 2 * asLast[l]!;
  for (let i = 0; i < n; i++) {
    if (status[i] === DROPPED) continue;
    const fid = first[i]!;
    const lid = last[i]!;
    let turn = false;
    if (fid >= 0 && lid >= 0) turn = mostlyLast(fid, 1) && mostlyFirst(lid, 1);
    else if (fid >= 0) turn = mostlyLast(fid, 2);
    else if (lid >= 0) turn = mostlyFirst(lid, 2);
    if (!turn) continue;
    turned.set(i, [fid, lid]);
    const f = firstNames.value(fid);
    const l = lastNames.value(lid);
    const fd = firstNames.displayOf(fid);
    const ld = lastNames.displayOf(lid);
    first[i] = l === null ? -1 : firstNames.intern(l, ld ?? l);
    last[i] = f === null ? -1 : lastNames.intern(f, fd ?? f);
  }
  return turned;
}

export function statusName(code: number): RecordStatus {
  return STATUS_NAMES[code] ?? "dropped";
}

/** The evidence version of record `i`: the caller's, or the fingerprint of its fields. */
export function evidenceVersionOf(batch: NormalisedBatch, i: number): string {
  const explicit = batch.explicitVersions.get(i);
  if (explicit !== undefined) return explicit;
  return fingerprint(
    batch.firstNames.value(batch.first[i]!),
    batch.lastNames.value(batch.last[i]!),
    batch.emails.value(batch.email[i]!),
    batch.phones.value(batch.phone[i]!),
    batch.bookings.value(batch.booking[i]!),
  );
}

/** Record `i` of a batch in object form. */
export function recordAt(batch: NormalisedBatch, i: number): NormalisedRecord {
  const t = batch.updatedAt[i]!;
  return {
    key: batch.keyOf(i),
    source: SOURCE_NAMES[batch.source[i]!] ?? "order",
    id: batch.ids[i]!,
    firstName: batch.firstNames.displayOf(batch.first[i]!),
    lastName: batch.lastNames.displayOf(batch.last[i]!),
    email: batch.emails.value(batch.email[i]!),
    phone: batch.phones.value(batch.phone[i]!),
    bookingId: batch.bookings.value(batch.booking[i]!),
    updatedAt: Number.isNaN(t) ? null : t,
    evidenceVersion: evidenceVersionOf(batch, i),
    status: statusName(batch.status[i]!),
  };
}
