import { describe, expect, it } from "vitest";
import { CsvRows, draftFromRow } from "./rows";

describe("import rows", () => {
  it("makes a draft from a row, trimming and keeping the source", () => {
    expect(draftFromRow({ id: 42, first_name: " Ada ", email: "", phone: "0412 222 333", updated_at: "2025-05-01T10:00:00Z", extra: "kept raw" }, "order")).toEqual({
      ok: true,
      raw: { id: "42", first_name: " Ada ", email: "", phone: "0412 222 333", updated_at: "2025-05-01T10:00:00Z", extra: "kept raw" },
      draft: { source: "order", externalId: "42", first_name: "Ada", last_name: null, full_name: null, email: null, phone: "0412 222 333", booking_id: null, updated_at: new Date("2025-05-01T10:00:00Z") },
    });
  });

  it("says why a row cannot be a record", () => {
    expect(draftFromRow({ email: "a@b.co" }, "order")).toEqual({ ok: false, error: "id: id is missing" });
    expect(draftFromRow({ id: "  " }, "order")).toEqual({ ok: false, error: "id: id is empty" });
    expect(draftFromRow({ id: "x", source: "sbm" }, "aj")).toEqual({ ok: false, error: "source is sbm, importing aj" });
    expect(draftFromRow({ id: "x", updated_at: "soon" }, "aj")).toEqual({ ok: false, error: "updated_at: updated_at is not a date" });
    expect(draftFromRow("just text", "aj")).toMatchObject({ ok: false });
  });

  it("reads CSV by header, with quotes, doubled quotes and line breaks inside quotes", () => {
    const csv = new CsvRows();
    expect(csv.push("ID,Full_Name,Email", 1)).toBeNull();
    expect(csv.push('s1,"Byrne, Ada",ada@example.com', 2)).toEqual({ line: 2, row: { id: "s1", full_name: "Byrne, Ada", email: "ada@example.com" } });
    expect(csv.push('s2,"say ""hi""', 3)).toBeNull();
    expect(csv.push('twice",x@example.com\r', 4)).toEqual({ line: 3, row: { id: "s2", full_name: 'say "hi"\ntwice', email: "x@example.com" } });
    expect(csv.push("s3,too,many,fields", 5)).toEqual({ line: 5, error: "4 fields, the header has 3" });
    expect(csv.push("", 6)).toBeNull();
    expect(csv.push('s4,"never closed', 7)).toBeNull();
    expect(csv.unterminated()).toEqual({ line: 7, error: "unterminated quoted field" });
  });
});
