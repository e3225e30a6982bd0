import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SOURCE_NAMES } from "@/lib/identity/normalise";
import { matchLine, type MatchRows, writeMatchLines } from "./match-output";
import { MatchWriter } from "./match-writer";
import { normaliseBatch, DEFAULT_CONFIG, SOURCES, type UnassignedReason } from "@/lib/identity";

const dir = mkdtempSync(path.join(tmpdir(), "match-output-"));

/** The line as match wrote it before: JSON.stringify of an object. */
function stringified(rows: MatchRows, i: number): string {
  const source = SOURCE_NAMES[rows.source[i]!];
  const id = rows.ids[i];
  const person = rows.personOf[i] ?? null;
  return JSON.stringify(person === null ? { source, id, person, reason: rows.reasonOf[i] } : { source, id, person });
}

const text = fc.string({ unit: "binary", maxLength: 8 });
const row = fc.record({
  source: fc.integer({ min: 0, max: 3 }),
  id: text,
  person: fc.option(text, { nil: null }),
  reason: fc.constantFrom<string | null | undefined>("no_contact", "ambiguous", "no_match", null, undefined, 'odd "reason"\n'),
});

function rowsOf(list: readonly { source: number; id: string; person: string | null; reason: string | null | undefined }[]): MatchRows {
  return { source: Uint8Array.from(list, (r) => r.source), ids: list.map((r) => r.id), personOf: list.map((r) => r.person), reasonOf: list.map((r) => r.reason) };
}

describe("match output", () => {
  it("writes each line as JSON.stringify of the record's object", () => {
    fc.assert(
      fc.property(fc.array(row, { maxLength: 20 }), (list) => {
        const rows = rowsOf(list);
        for (let i = 0; i < list.length; i++) expect(matchLine(rows, i)).toBe(stringified(rows, i));
      }),
      { numRuns: 300 },
    );
  });

  it("writes the same file on a worker thread as on the main thread", { timeout: 30_000 }, async () => {
    const n = 10_000;
    const inputs = Array.from({ length: n }, (_, i) => ({ source: SOURCES[i % 4]!, id: i % 7 === 0 ? `x"${i}\\é` : String(i), email: `${i}@x.co` }));
    const batch = normaliseBatch(inputs, DEFAULT_CONFIG);
    const reasons: UnassignedReason[] = ["no_contact", "ambiguous", "no_match"];
    const personKeys = Array.from({ length: 97 }, (_, c) => `p_${c}`);
    const clusterOf = Int32Array.from(inputs, (_, i) => (i % 3 === 0 ? -1 : i % 97));
    const personOf = Array.from(clusterOf, (c) => (c < 0 ? null : personKeys[c]!));
    const reasonOf = inputs.map((_, i) => (i % 3 === 0 ? reasons[i % 9 === 0 ? 0 : i % 2 === 0 ? 1 : 2]! : null));
    const inline = path.join(dir, "inline.jsonl");
    writeMatchLines(inline, { source: batch.source, ids: batch.ids, personOf, reasonOf });
    const threaded = path.join(dir, "threaded.jsonl");
    const writer = new MatchWriter(threaded, batch);
    writer.write({ personOf, reasonOf, clusterOf, personKeys });
    await writer.done();
    const expected = readFileSync(inline, "utf8");
    expect(expected.split("\n")).toHaveLength(n + 1);
    expect(readFileSync(threaded, "utf8")).toBe(expected);
    expect(expected.split("\n", 2)[0]).toBe(JSON.stringify({ source: "order", id: 'x"0\\é', person: null, reason: "no_contact" }));
  });
});
