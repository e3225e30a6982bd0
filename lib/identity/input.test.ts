import { describe, expect, it } from "vitest";
import { parseRecordLine } from "./input";

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
});
