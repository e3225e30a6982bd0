import { describe, expect, it } from "vitest";
import type { VendorAccount } from "./directory";
import { suggestMappings } from "./suggest";

const staff = [
  { id: "s1", displayName: "Sam", email: "Sam@Acme.example" },
  { id: "s2", displayName: "Tess", email: "tess@acme.example" },
  { id: "s3", displayName: "No login", email: null },
];
const acct = (kind: VendorAccount["kind"], externalId: string, email: string | null): VendorAccount => ({ kind, externalId, name: externalId, email });

describe("suggestMappings", () => {
  it("suggests the staff member with the same email, case-insensitively, for each vendor", () => {
    const rows = suggestMappings(staff, [acct("aircall_user", "101", "sam@acme.example"), acct("front_teammate", "tea_1", " SAM@acme.example "), acct("aircall_user", "102", "who@else.example")], []);
    expect(rows.map((r) => [r.externalId, r.suggested, r.mappedTo])).toEqual([["101", "s1", null], ["tea_1", "s1", null], ["102", null, null]]);
  });

  it("shows a mapping instead of a suggestion, and does not suggest a staff member already mapped for that vendor", () => {
    const rows = suggestMappings(staff, [acct("aircall_user", "101", "sam@acme.example"), acct("aircall_user", "103", "sam@acme.example"), acct("front_teammate", "tea_1", "sam@acme.example")], [
      { kind: "aircall_user", externalId: "101", staffId: "s1" },
    ]);
    expect(rows.map((r) => [r.externalId, r.mappedTo, r.suggested])).toEqual([["101", "s1", null], ["103", null, null], ["tea_1", null, "s1"]]);
  });

  it("suggests nobody when two staff share the email, or the account has none", () => {
    const twins = [...staff, { id: "s4", displayName: "Sam again", email: "sam@acme.example" }];
    expect(suggestMappings(twins, [acct("aircall_user", "101", "sam@acme.example"), acct("aircall_user", "104", null)], []).map((r) => r.suggested)).toEqual([null, null]);
  });
});
