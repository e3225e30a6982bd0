/**
 * Normalised records in a compact form for postMessage (batch-builder.ts makes and reads
 * it): typed arrays, transferred rather than copied, and each list of strings packed into
 * one string. Cloning record objects between threads costs about 2 µs a record; this form
 * costs a few milliseconds for half a million.
 */

/** A list of strings as one string and where each ends. */
export interface PackedStrings {
  readonly text: string;
  readonly ends: Int32Array;
}

/** A value table's keys in id order, and its display forms when it keeps them apart. */
export interface TablePart {
  readonly values: PackedStrings;
  readonly displays: PackedStrings | null;
}

/** A batch's records, a column each: value ids (-1 missing), codes and timestamps by record index. */
export interface RecordColumns {
  readonly size: number;
  readonly source: Uint8Array;
  readonly status: Uint8Array;
  readonly first: Int32Array;
  readonly last: Int32Array;
  readonly email: Int32Array;
  readonly phone: Int32Array;
  readonly booking: Int32Array;
  /** Epoch ms; NaN when unknown. */
  readonly updatedAt: Float64Array;
}

/** Records normalised against their own value tables: ids in the arrays are local to the part. */
export interface BatchPart extends RecordColumns {
  readonly ids: PackedStrings;
  /** Record indices (in the part) with a caller-supplied evidence version, and the versions. */
  readonly versionAt: Int32Array;
  readonly versions: PackedStrings;
  readonly firstNames: TablePart;
  readonly lastNames: TablePart;
  readonly emails: TablePart;
  readonly phones: TablePart;
  readonly bookings: TablePart;
  readonly phoneParses: number;
}

export function packStrings(list: readonly string[]): PackedStrings {
  const ends = new Int32Array(list.length);
  let at = 0;
  for (let k = 0; k < list.length; k++) {
    at += list[k]!.length;
    ends[k] = at;
  }
  return { text: list.join(""), ends };
}

export function unpackStrings(packed: PackedStrings): string[] {
  // grown by push: `new Array(n)` of a large n makes a slow dictionary-mode array
  const out: string[] = [];
  const { text, ends } = packed;
  let from = 0;
  for (let k = 0; k < ends.length; k++) {
    const to = ends[k]!;
    out.push(text.slice(from, to));
    from = to;
  }
  return out;
}

/** The buffers to transfer with a part (postMessage's transfer list). */
export function partTransferables(part: BatchPart): ArrayBuffer[] {
  const tables = [part.firstNames, part.lastNames, part.emails, part.phones, part.bookings];
  const arrays: ArrayBufferView[] = [part.source, part.status, part.first, part.last, part.email, part.phone, part.booking, part.updatedAt, part.ids.ends, part.versionAt, part.versions.ends];
  for (const t of tables) {
    arrays.push(t.values.ends);
    if (t.displays) arrays.push(t.displays.ends);
  }
  return [...new Set(arrays.map((a) => a.buffer as ArrayBuffer))];
}
