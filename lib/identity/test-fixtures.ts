import type { NormalisedBatch } from "./normalise";
import type { SourceRecordInput } from "./types";
import type { ValueTable } from "./value-table";

/** Builds a source record for tests: `rec("aj", "1", { first_name: "Jane" })`. */
export function rec(source: SourceRecordInput["source"], id: string, fields: Omit<SourceRecordInput, "source" | "id"> = {}): SourceRecordInput {
  return { source, id, ...fields };
}

/** Everything a NormalisedBatch holds, as plain data (toEqual compares two batches). */
export function batchSnapshot(batch: NormalisedBatch) {
  const table = (t: ValueTable) => ({ values: [...t.values], displays: [...t.displayList] });
  return {
    size: batch.size,
    keys: Array.from({ length: batch.size }, (_, i) => batch.keyOf(i)),
    ids: [...batch.ids],
    source: Array.from(batch.source),
    status: Array.from(batch.status),
    first: Array.from(batch.first),
    last: Array.from(batch.last),
    email: Array.from(batch.email),
    phone: Array.from(batch.phone),
    booking: Array.from(batch.booking),
    updatedAt: Array.from(batch.updatedAt),
    explicitVersions: [...batch.explicitVersions].sort((a, b) => a[0] - b[0]),
    firstNames: table(batch.firstNames),
    lastNames: table(batch.lastNames),
    emails: table(batch.emails),
    phones: table(batch.phones),
    bookings: table(batch.bookings),
    firstNameCounts: Array.from(batch.firstNameCounts),
    phoneParses: batch.phoneParses,
  };
}
