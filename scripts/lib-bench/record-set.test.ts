import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { RecordSet, recordHash } from "./record-set";

describe("RecordSet", () => {
  it("answers as a Set of source:id does, across growth and hash collisions", () => {
    const record = fc.tuple(fc.integer({ min: 0, max: 3 }), fc.string({ maxLength: 3 }));
    fc.assert(
      fc.property(fc.array(record, { maxLength: 3000 }), fc.boolean(), (records, collide) => {
        const set = new RecordSet();
        const reference = new Set<string>();
        // `collide`: every record gets one of 4 hashes, so ids decide
        const hash = (s: number, id: string) => (collide ? recordHash(s, id) & 3 : recordHash(s, id));
        for (const [s, id] of records) {
          const key = `${s}:${id}`;
          expect(set.has(s, id, hash(s, id))).toBe(reference.has(key));
          if (!reference.has(key)) {
            set.add(s, id, hash(s, id));
            reference.add(key);
          }
        }
        expect(set.size).toBe(reference.size);
        const probe = records.slice(0, 20).map(([s, id]) => [s, id + "x"] as const);
        const sources = Uint8Array.from(probe, ([s]) => s);
        const hashes = Uint32Array.from(probe, ([s, id]) => hash(s, id));
        expect(set.hasAny(sources, hashes, (k) => probe[k]![1])).toBe(probe.some(([s, id]) => reference.has(`${s}:${id}`)));
      }),
      { numRuns: 200 },
    );
  });

  it("grows past its first table", () => {
    const set = new RecordSet();
    for (let i = 0; i < 20_000; i++) set.add(i % 4, `id${i}`);
    expect(set.size).toBe(20_000);
    for (let i = 0; i < 20_000; i++) expect(set.has(i % 4, `id${i}`) && !set.has((i + 1) % 4, `id${i}`)).toBe(true);
  });

  it("lists entry hashes in the order added", () => {
    const set = new RecordSet();
    set.add(0, "a");
    set.add(2, "b");
    expect(Array.from(set.entryHashes())).toEqual([recordHash(0, "a"), recordHash(2, "b")]);
  });
});
