import { createReadStream, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readLines, splitAtLines } from "./lines";

const dir = mkdtempSync(path.join(tmpdir(), "lines-"));
let files = 0;
function file(text: string): string {
  const p = path.join(dir, `f${files++}.txt`);
  writeFileSync(p, text);
  return p;
}

async function readlineLines(p: string): Promise<string[]> {
  const out: string[] = [];
  for await (const line of createInterface({ input: createReadStream(p, { encoding: "utf8" }), crlfDelay: Infinity })) out.push(line);
  return out;
}

function ourLines(p: string, start: number, end: number, chunk?: number): string[] {
  const out: string[] = [];
  const n = readLines(p, start, end, (line, lineNo) => {
    expect(lineNo).toBe(out.length + 1);
    out.push(line);
  }, chunk);
  expect(n).toBe(out.length);
  return out;
}

// pieces that stress line ends, blank lines and multi-byte characters
const piece = fc.constantFrom("\n", "\r\n", "\r", "\n\n", " ", "{\"a\":1}", "é", "日本", "😀", "x", "\t", "\u2028", "\u0085", "\f");
const text = fc.array(piece, { maxLength: 60 }).map((parts) => parts.join(""));

describe("readLines", () => {
  it("splits lines as readline does (crlfDelay: Infinity), at any chunk size", async () => {
    await fc.assert(
      fc.asyncProperty(text, fc.integer({ min: 1, max: 9 }), async (t, chunk) => {
        const p = file(t);
        const size = Buffer.byteLength(t);
        const expected = await readlineLines(p);
        expect(ourLines(p, 0, size)).toEqual(expected);
        expect(ourLines(p, 0, size, chunk)).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it("reads the parts of a file cut at line ends into the file's lines", async () => {
    await fc.assert(
      fc.asyncProperty(text, fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 5 }), async (t, weights) => {
        const p = file(t);
        const size = Buffer.byteLength(t);
        const parts = weights.length;
        const ranges = splitAtLines(p, size, weights);
        expect(ranges).toHaveLength(parts);
        expect(ranges[0]!.start).toBe(0);
        expect(ranges.at(-1)!.end).toBe(size);
        const bytes = Buffer.from(t);
        for (let k = 0; k < parts; k++) {
          const r = ranges[k]!;
          expect(r.end).toBeGreaterThanOrEqual(r.start);
          if (k > 0) expect(r.start).toBe(ranges[k - 1]!.end);
          if (k < parts - 1 && r.end > 0 && r.end < size) expect(bytes[r.end - 1]).toBe(10);
        }
        const joined = ranges.flatMap((r) => ourLines(p, r.start, r.end, 4));
        expect(joined).toEqual(await readlineLines(p));
      }),
      { numRuns: 300 },
    );
  });

  it("cuts at about the weights' shares of the bytes", () => {
    const p = file("x\n".repeat(1000));
    expect(splitAtLines(p, 2000, [1, 1])).toEqual([{ start: 0, end: 1000 }, { start: 1000, end: 2000 }]);
    expect(splitAtLines(p, 2000, [3, 1])).toEqual([{ start: 0, end: 1500 }, { start: 1500, end: 2000 }]);
  });

  it("reads a line longer than the buffer", () => {
    const long = "y".repeat(100);
    const p = file(`a\n${long}\nb`);
    expect(ourLines(p, 0, 104 + 1, 8)).toEqual(["a", long, "b"]);
  });
});
