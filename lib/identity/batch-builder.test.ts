import { describe, expect, it } from "vitest";
import { BatchBuilder, normaliseBatch } from "./batch-builder";
import { DEFAULT_CONFIG } from "./config";
import { batchSnapshot, rec } from "./test-fixtures";
import type { SourceRecordInput } from "./types";

/** The batch of `inputs` built in parts cut at `cuts`, each part through structured clone (a thread's postMessage). */
function inParts(inputs: readonly SourceRecordInput[], cuts: readonly number[]) {
  const bounds = [0, ...cuts, inputs.length];
  const builder = new BatchBuilder(DEFAULT_CONFIG, 2);
  for (const r of inputs.slice(0, bounds[1])) builder.add(r);
  for (let k = 1; k < bounds.length - 1; k++) {
    const part = new BatchBuilder(DEFAULT_CONFIG);
    for (const r of inputs.slice(bounds[k], bounds[k + 1])) part.add(r);
    builder.appendPart(structuredClone(part.toPart()));
  }
  return builder.finish();
}

const records: SourceRecordInput[] = [
  rec("aj", "1", { first_name: "Danielle", last_name: "O’Brien", phone: "0412 345 678", email: "d@x.com", booking_id: "b1" }),
  rec("order", "2", { first_name: "danielle", last_name: "OBrien", phone: "+61412345678", evidence_version: "v2" }),
  rec("sbm", "3", { full_name: "Smith, Jane (vip)", email: "JANE@x.com", updated_at: "2026-01-02T03:04:05Z" }),
  rec("order", "4", { first_name: "Hodgson", last_name: "George", email: "gh@x.com" }),
  rec("order", "5", { first_name: "George", last_name: "Hodgson", email: "g2@x.com" }),
  rec("order", "6", { first_name: "George", last_name: "Hodgson", phone: "(02) 9876 5432" }),
  rec("aj_partner", "7", { first_name: "Jane", last_name: "Smith", phone: "+44 20 7946 0958", booking_id: "b1", evidence_version: "p7" }),
  rec("order", "8", { last_name: "D'Souza", email: "x@y.co", updated_at: "not a time" }),
  rec("order", "9", { first_name: "No", last_name: "Contact" }),
  rec("aj", "10", { first_name: "Ann", last_name: "DSouza", email: "d@x.com" }),
];

describe("BatchBuilder", () => {
  it("builds in parts the batch normaliseBatch builds at once, wherever the parts are cut", () => {
    const whole = batchSnapshot(normaliseBatch(records, DEFAULT_CONFIG));
    for (const cuts of [[], [1], [5], [9], [0], [10], [3, 7], [0, 0, 4], [2, 4, 6, 8], [10, 10]]) {
      expect(batchSnapshot(inParts(records, cuts)), `cut at ${cuts.join(",")}`).toEqual(whole);
    }
  });

  it("keeps the first display form in record order, not the part's", () => {
    // key "obrien": the first part writes it "o'brien", the second "obrien" first
    const batch = inParts(records, [1]);
    expect(batch.lastNames.displayOf(batch.last[1]!)).toBe("o'brien");
    // key "dsouza" first seen in the second part, as "d'souza" (order:8), then "dsouza" (aj:10)
    const later = inParts(records, [7]);
    expect(later.lastNames.displayOf(later.last[9]!)).toBe("d'souza");
  });

  it("grows past its capacity", () => {
    const builder = new BatchBuilder(DEFAULT_CONFIG, 1);
    for (const r of records) builder.add(r);
    expect(batchSnapshot(builder.finish())).toEqual(batchSnapshot(normaliseBatch(records, DEFAULT_CONFIG)));
  });
});
