import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG } from "./config";
import { normaliseEmail } from "./email";
import { normaliseBatch } from "./batch-builder";
import { DROPPED, FULL, WEAK, normaliseRecord, parseTime, recordAt } from "./normalise";
import { rec } from "./test-fixtures";

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
