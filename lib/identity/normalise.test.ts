import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG } from "./config";
import { normaliseEmail } from "./email";
import { normaliseBatch } from "./batch-builder";
import { DROPPED, FULL, WEAK, normaliseRecord, orientNames, parseTime, recordAt } from "./normalise";
import { rec } from "./test-fixtures";
import { ValueTable } from "./value-table";

describe("normaliseEmail", () => {
  it("trims and lower-cases, rejects non-addresses", () => {
    expect(normaliseEmail("  Jane.Smith@Example.COM ")).toBe("jane.smith@example.com");
    expect(normaliseEmail("not an email")).toBeNull();
    expect(normaliseEmail("")).toBeNull();
  });
});

describe("parseTime", () => {
  it("reads timestamps like Date.parse", () => {
    for (const s of ["2026-03-20T20:00:00Z", "2026-12-31T23:59:59.999Z", "2024-02-29T00:00:00Z", "2026-02-31T00:00:00Z", "2026-13-01T00:00:00Z", "2026-03-20", "2026-03-20T20:00:00+10:00", "not a date", "2026-03-20T2a:00:00Z"]) {
      expect(parseTime(s)).toEqual(Date.parse(s));
    }
    expect(parseTime(null)).toBeNaN();
  });
});

describe("normaliseRecord", () => {
  it("splits SimplyBookMe names and normalises every field", () => {
    const r = normaliseRecord(rec("sbm", "7", { full_name: "O’Brien, Emily (referral)", email: " EMILY@x.com ", phone: "0412-345-678", updated_at: "2026-01-02T03:04:05Z" }), DEFAULT_CONFIG);
    expect(r).toMatchObject({ key: "sbm:7", firstName: "emily", lastName: "o'brien", email: "emily@x.com", phone: "+61412345678", status: "full" });
    expect(r.updatedAt).toBe(Date.parse("2026-01-02T03:04:05Z"));
    expect(r.evidenceVersion).toMatch(/^[0-9a-f]{13}$/);
  });

  it("classifies full (2+ fields), weak (1 field) and dropped (no contact)", () => {
    expect(normaliseRecord(rec("order", "1", { email: "a@b.co", first_name: "A" }), DEFAULT_CONFIG).status).toBe("full");
    expect(normaliseRecord(rec("order", "2", { email: "a@b.co" }), DEFAULT_CONFIG).status).toBe("weak");
    expect(normaliseRecord(rec("order", "3", { first_name: "A", last_name: "B" }), DEFAULT_CONFIG).status).toBe("dropped");
    expect(normaliseRecord(rec("order", "4", { first_name: "A", last_name: "B", phone: "0000 000 000" }), DEFAULT_CONFIG).status).toBe("dropped");
  });

  it("changes the evidence version when matching evidence changes, not otherwise", () => {
    const a = normaliseRecord(rec("order", "1", { email: "a@b.co", first_name: "Ann" }), DEFAULT_CONFIG);
    const same = normaliseRecord(rec("order", "1", { email: " A@B.co", first_name: "ANN", updated_at: "2026-01-01" }), DEFAULT_CONFIG);
    const changed = normaliseRecord(rec("order", "1", { email: "a@b.co", first_name: "Ann", phone: "0412345678" }), DEFAULT_CONFIG);
    expect(same.evidenceVersion).toBe(a.evidenceVersion);
    expect(changed.evidenceVersion).not.toBe(a.evidenceVersion);
    expect(normaliseRecord(rec("order", "1", { email: "a@b.co", evidence_version: "v9" }), DEFAULT_CONFIG).evidenceVersion).toBe("v9");
  });
});

describe("normaliseBatch", () => {
  it("interns values and agrees with the record form", () => {
    const inputs = [
      rec("aj", "1", { first_name: "Danielle", last_name: "O’Brien", phone: "0412 345 678", email: "d@x.com", booking_id: "b1" }),
      rec("order", "2", { first_name: "danielle", last_name: "OBrien", phone: "+61412345678" }),
      rec("order", "3", { email: "d@x.com" }),
      rec("order", "4", { first_name: "No", last_name: "Contact" }),
    ];
    const batch = normaliseBatch(inputs, DEFAULT_CONFIG);
    expect(Array.from(batch.status)).toEqual([FULL, FULL, WEAK, DROPPED]);
    expect(batch.last[0]).toBe(batch.last[1]);
    expect(batch.phone[0]).toBe(batch.phone[1]);
    expect(batch.email[0]).toBe(batch.email[2]);
    expect(batch.firstNameCounts[batch.first[0]!]).toBe(2);
    for (let i = 0; i < inputs.length; i++) {
      const single = normaliseRecord(inputs[i]!, DEFAULT_CONFIG);
      const fromBatch = recordAt(batch, i);
      expect(fromBatch.status).toBe(single.status);
      expect(fromBatch.email).toBe(single.email);
      expect(fromBatch.phone).toBe(single.phone);
      expect(fromBatch.evidenceVersion).toBe(single.evidenceVersion);
    }
  });
});

/** orientNames as first written, counting by name string: the oracle for the id-counting one. */
function orientByStrings(first: Int32Array, last: Int32Array, status: Uint8Array, firstNames: ValueTable, lastNames: ValueTable) {
  const turned = new Map<number, readonly [number, number]>();
  const asFirst = new Map<string, number>();
  const asLast = new Map<string, number>();
  for (let i = 0; i < first.length; i++) {
    if (status[i] === DROPPED) continue;
    const f = firstNames.value(first[i]!);
    const l = lastNames.value(last[i]!);
    if (f !== null) asFirst.set(f, (asFirst.get(f) ?? 0) + 1);
    if (l !== null) asLast.set(l, (asLast.get(l) ?? 0) + 1);
  }
  const mostlyLast = (k: string, min: number) => (asLast.get(k) ?? 0) >= min && (asLast.get(k) ?? 0) > 2 * (asFirst.get(k) ?? 0);
  const mostlyFirst = (k: string, min: number) => (asFirst.get(k) ?? 0) >= min && (asFirst.get(k) ?? 0) > 2 * (asLast.get(k) ?? 0);
  for (let i = 0; i < first.length; i++) {
    if (status[i] === DROPPED) continue;
    const f = firstNames.value(first[i]!);
    const l = lastNames.value(last[i]!);
    let turn = false;
    if (f !== null && l !== null) turn = mostlyLast(f, 1) && mostlyFirst(l, 1);
    else if (f !== null) turn = mostlyLast(f, 2);
    else if (l !== null) turn = mostlyFirst(l, 2);
    if (!turn) continue;
    turned.set(i, [first[i]!, last[i]!]);
    const fd = firstNames.displayOf(first[i]!);
    const ld = lastNames.displayOf(last[i]!);
    first[i] = l === null ? -1 : firstNames.intern(l, ld ?? l);
    last[i] = f === null ? -1 : lastNames.intern(f, fd ?? f);
  }
  return turned;
}

describe("orientNames", () => {
  it("turns the records counting names by string would turn", () => {
    const names = ["george", "hodgson", "ann", "lee", "kim", "o'brien"];
    const name = fc.option(fc.constantFrom(...names), { nil: null });
    const row = fc.record({ first: name, last: name, status: fc.constantFrom(FULL, WEAK, DROPPED) });
    fc.assert(
      fc.property(fc.array(row, { maxLength: 40 }), (rows) => {
        const run = (orient: typeof orientNames) => {
          const firstNames = new ValueTable(true);
          const lastNames = new ValueTable(true);
          const first = Int32Array.from(rows, (r) => (r.first === null ? -1 : firstNames.intern(r.first.replace("'", ""), r.first)));
          const last = Int32Array.from(rows, (r) => (r.last === null ? -1 : lastNames.intern(r.last.replace("'", ""), r.last)));
          const turned = orient(first, last, Uint8Array.from(rows, (r) => r.status), firstNames, lastNames);
          return { turned: [...turned], first: [...first], last: [...last], firstNames: [...firstNames.displayList], lastNames: [...lastNames.displayList] };
        };
        expect(run(orientNames)).toEqual(run(orientByStrings));
      }),
      { numRuns: 500 },
    );
  });
});
