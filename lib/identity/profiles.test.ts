import { describe, expect, it } from "vitest";
import { profileRecords, resolveIdentities } from "./resolve";
import { rec } from "./test-fixtures";

describe("profiles", () => {
  const result = resolveIdentities([
    rec("order", "1", { first_name: "Kate", last_name: "Ward", email: "kate@example.com", phone: "0412 345 678", updated_at: "2026-01-01T00:00:00Z" }),
    rec("sbm", "2", { full_name: "Katherine Ward", email: "kate@example.com", updated_at: "2026-03-01T00:00:00Z" }),
    rec("aj", "3", { first_name: "Katherine", last_name: "Ward", phone: "0412345678", updated_at: "2026-02-01T00:00:00Z" }),
    rec("order", "4", { first_name: "Kate", last_name: "Ward", email: "kate.ward@work.example", phone: "0412 345 678", updated_at: "2026-05-01T00:00:00Z" }),
  ]);
  const profile = result.profiles.get(0);

  it("builds one profile per person", () => {
    expect(result.profiles.count).toBe(1);
    expect(profile.recordCount).toBe(4);
    expect(Array.from(profileRecords(result, 0))).toEqual([0, 1, 2, 3]);
  });

  it("takes the most frequent value, ties to the most recent", () => {
    // kate ×2 (latest May) vs katherine ×2 (latest March): tie on count, kate is more recent
    expect(profile.firstName).toBe("kate");
    expect(profile.lastName).toBe("ward");
    expect(profile.email).toBe("kate@example.com");
    expect(profile.phone).toBe("+61412345678");
  });

  it("lists every contact value with first and last seen", () => {
    const byValue = new Map(profile.contacts.map((c) => [c.value, c]));
    expect(byValue.get("kate@example.com")).toEqual({
      kind: "email",
      value: "kate@example.com",
      records: 2,
      firstSeen: Date.parse("2026-01-01T00:00:00Z"),
      lastSeen: Date.parse("2026-03-01T00:00:00Z"),
    });
    expect(byValue.get("kate.ward@work.example")?.records).toBe(1);
    expect(byValue.get("+61412345678")).toMatchObject({ kind: "phone", records: 3, lastSeen: Date.parse("2026-05-01T00:00:00Z") });
  });

  it("prefers the AppointJet primary's value when count and recency tie", () => {
    const tie = resolveIdentities([
      rec("order", "1", { first_name: "Bob", last_name: "Lee", phone: "0412 345 678", updated_at: "2026-01-01T00:00:00Z" }),
      rec("aj", "2", { first_name: "Robert", last_name: "Lee", phone: "0412 345 678", updated_at: "2026-01-01T00:00:00Z" }),
    ]);
    expect(tie.profiles.get(0).firstName).toBe("robert");
  });
});
