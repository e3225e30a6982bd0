import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fastRecord, parseRecordLine, sourceRecordInputSchema } from "./input";

describe("parseRecordLine", () => {
  it("reads a record and ignores unknown keys", () => {
    const r = parseRecordLine('{"source":"sbm","id":"r1","full_name":"Jane Smith","phone":null,"extra":1}');
    expect(r).toEqual({ ok: true, record: { source: "sbm", id: "r1", full_name: "Jane Smith", phone: null } });
  });

  it("accepts numeric ids and phones", () => {
    const r = parseRecordLine('{"source":"order","id":42,"phone":412345678}');
    expect(r.ok && r.record.id).toBe("42");
    expect(r.ok && r.record.phone).toBe("412345678");
  });

  it("says why a line is malformed", () => {
    expect(parseRecordLine("{not json")).toMatchObject({ ok: false });
    const bad = parseRecordLine('{"source":"fax","id":"1"}');
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error).toContain("source");
    expect(parseRecordLine('{"source":"aj"}')).toMatchObject({ ok: false });
  });

  it("reads lines the way the schema does, on arbitrary objects", () => {
    const value = fc.oneof(fc.string(), fc.constant(""), fc.integer(), fc.double(), fc.constant(null), fc.boolean(), fc.array(fc.string(), { maxLength: 2 }), fc.object({ maxDepth: 1 }));
    const keys = ["source", "id", "first_name", "last_name", "full_name", "email", "phone", "updated_at", "booking_id", "evidence_version", "extra"] as const;
    const record = fc.record(
      Object.fromEntries(keys.map((k) => [k, k === "source" ? fc.oneof(fc.constantFrom("order", "sbm", "aj", "aj_partner", "fax"), value) : value])),
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.oneof(record, value), (json) => {
        const fast = fastRecord(json);
        const parsed = sourceRecordInputSchema.safeParse(json);
        if (fast !== null) expect(parsed).toEqual({ success: true, data: fast });
        // a line the fast path leaves to the schema: whatever the schema says stands
        else if (parsed.success) expect(parseRecordLine(JSON.stringify(json))).toEqual({ ok: true, record: parsed.data });
      }),
      { numRuns: 400 },
    );
  }, 30_000);
});
