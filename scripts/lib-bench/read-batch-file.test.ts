import { createReadStream, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG, normaliseBatch, parseRecordLine, type SourceRecordInput } from "@/lib/identity";
import { batchSnapshot } from "@/lib/identity/test-fixtures";
import { generateRecords } from "./generate";
import { readBatchFile } from "./read-batch-file";

const dir = mkdtempSync(path.join(tmpdir(), "read-batch-"));
let files = 0;
function file(lines: readonly string[], end = "\n"): string {
  const p = path.join(dir, `f${files++}.jsonl`);
  writeFileSync(p, lines.join(end));
  return p;
}

/** What match read before threads: readline, parseRecordLine, the first of a repeated source:id. */
async function reference(p: string) {
  const records: SourceRecordInput[] = [];
  const messages: string[] = [];
  const seen = new Set<string>();
  let lineNo = 0;
  for await (const line of createInterface({ input: createReadStream(p, { encoding: "utf8" }), crlfDelay: Infinity })) {
    lineNo++;
    if (line.trim() === "") continue;
    const parsed = parseRecordLine(line);
    if (!parsed.ok) {
      messages.push(`${p}:${lineNo}: skipped: ${parsed.error}`);
      continue;
    }
    const key = `${parsed.record.source}:${parsed.record.id}`;
    if (seen.has(key)) {
      messages.push(`${p}:${lineNo}: skipped: duplicate record ${key}`);
      continue;
    }
    seen.add(key);
    records.push(parsed.record);
  }
  return { batch: batchSnapshot(normaliseBatch(records, DEFAULT_CONFIG)), messages };
}

async function expectSameAsReference(p: string, parts: readonly number[]) {
  const expected = await reference(p);
  for (const n of parts) {
    const messages: string[] = [];
    const read = await readBatchFile(p, DEFAULT_CONFIG, { parts: n, onSkip: (m) => messages.push(m) });
    expect(read.parts, `${n} parts`).toBe(n);
    expect(messages, `${n} parts`).toEqual(expected.messages);
    expect(read.skipped).toBe(expected.messages.length);
    expect(batchSnapshot(read.batch), `${n} parts`).toEqual(expected.batch);
  }
}

const line = (r: object) => JSON.stringify(r);

// each worker thread starts tsx (~0.3 s)
describe("readBatchFile", { timeout: 30_000 }, () => {
  it("reads generated records on 2 and 3 threads as one reader does", async () => {
    const p = file(generateRecords({ size: 3000, bucket: 100, seed: 7 }).map(line));
    await expectSameAsReference(p, [1, 2, 3]);
  });

  it("skips malformed lines and repeats with their file line numbers; blank lines, CRLF and a repeat across parts", async () => {
    const head = [
      line({ source: "order", id: "1", first_name: "Ann", last_name: "O'Brien", email: "ann@x.com" }),
      "not json",
      "",
      "   ",
      line({ source: "nope", id: "2", email: "a@b.co" }),
      line({ source: "order", id: "1", email: "again@x.com" }), // a repeat in the same part
      line({ source: "aj", id: 42, phone: "0412 345 678", first_name: "Bob", evidence_version: 7 }),
    ];
    const filler = generateRecords({ size: 200, bucket: 0, seed: 3 }).map(line);
    const tail = [
      // a repeat of order:1 far from it (another part), spelling a surname first: it must not lend its display form
      line({ source: "order", id: "1", first_name: "Ann", last_name: "D'Souza", email: "ann@x.com" }),
      line({ source: "sbm", id: "9", full_name: "Ann DSouza", email: "ann.d@x.com" }),
      line({ source: "order", id: "10", last_name: "OBrien", email: "ob@x.com" }),
      '{"source":"aj"',
      line({ source: "aj", id: "", email: "e@x.com" }),
      line({ source: "aj", id: "42", email: "dup@x.com" }),
    ];
    await expectSameAsReference(file([...head, ...filler, ...tail]), [1, 2, 3, 4]);
    await expectSameAsReference(file([...head, ...filler, ...tail], "\r\n"), [2, 3]);
    await expectSameAsReference(file([...head, ...filler, ...tail, ""], "\n\n"), [2]);
  });

  it("reads a file smaller than the part count", async () => {
    await expectSameAsReference(file([line({ source: "order", id: "1", email: "a@b.co", first_name: "A" })]), [3]);
    await expectSameAsReference(file([line({ source: "order", id: "1", email: "a@b.co" }), line({ source: "order", id: "1", email: "b@b.co" })]), [5]);
    await expectSameAsReference(file([]), [2]);
  });
});
