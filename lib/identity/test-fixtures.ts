import type { SourceRecordInput } from "./types";

/** Builds a source record for tests: `rec("aj", "1", { first_name: "Jane" })`. */
export function rec(source: SourceRecordInput["source"], id: string, fields: Omit<SourceRecordInput, "source" | "id"> = {}): SourceRecordInput {
  return { source, id, ...fields };
}
