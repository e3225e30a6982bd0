import { describe, expect, it } from "vitest";
import { resolveIdentities, type SourceRecordInput } from "@/lib/identity";
import { ADOPTED_RULE, planSync } from "./plan";

const records: SourceRecordInput[] = [
  { source: "order", id: "o1", first_name: "Mia", last_name: "Chen", email: "mia@example.com" },
  { source: "aj", id: "a1", first_name: "Mia", last_name: "Chen", email: "mia@example.com", phone: "0412 111 222" },
  { source: "order", id: "o2", first_name: "Omar", last_name: "Haddad", phone: "0477 000 111" },
  { source: "order", id: "w1", email: "nobody@example.com" },
];
const rowIds = ["r-o1", "r-a1", "r-o2", "r-w1"];

function counter() {
  let n = 0;
  return () => `new-${++n}`;
}

describe("planning a full sync's writes", () => {
  it("creates persons for a first run and audits the multi-record one with per-field evidence", () => {
    const res = resolveIdentities(records);
    const plan = planSync(res, { rowIds, personIds: [null, null, null, null], reasons: [null, null, null, null] }, new Set(), counter());
    expect(plan.persons.map((p) => [p.id, p.isNew, p.firstName, p.lastName, p.email, p.phone])).toEqual([
      ["new-1", true, "Mia", "Chen", "mia@example.com", "+61412111222"],
      ["new-2", true, "Omar", "Haddad", null, "+61477000111"],
    ]);
    expect([...plan.changed]).toEqual([0, 1, 2, 3]);
    expect(plan.assignedPerson(3)).toBeNull();
    expect(plan.assignedReason(3)).toBe("no_match");
    expect(plan.audits).toHaveLength(1);
    expect(plan.audits[0]).toMatchObject({ action: "merge", personId: "new-1", otherPersonId: null, recordIds: ["r-o1", "r-a1"], evidence: { edgeCount: 1 } });
    expect(plan.audits[0]!.evidence.edges[0]!.fields.map((f) => [f.field, f.level, f.weight])).toEqual([
      ["firstName", "exact", 6.12],
      // Chen is 2 of the 3 surnames: a common surname weighs less (term frequency)
      ["lastName", "exact", 10.377],
      ["email", "agree", 10.81],
      ["phone", "missing", 0],
    ]);
  });

  it("keeps ids, changes nothing and audits nothing when the store already agrees", () => {
    const previous = new Map([
      ["order:o1", "P-mia"],
      ["aj:a1", "P-mia"],
      ["order:o2", "P-omar"],
    ]);
    const res = resolveIdentities(records, { previous });
    const plan = planSync(res, { rowIds, personIds: ["P-mia", "P-mia", "P-omar", null], reasons: [null, null, null, "no_match"] }, new Set(["P-mia", "P-omar"]), counter());
    expect(plan.personIdOf).toEqual(["P-mia", "P-omar"]);
    expect(plan.persons.every((p) => !p.isNew)).toBe(true);
    expect([...plan.changed]).toEqual([]);
    expect(plan.emptied).toEqual([]);
    expect(plan.audits).toEqual([]);
  });

  it("lists a person left with no records as emptied, and a split-off part as a split", () => {
    const res = resolveIdentities(records, { previous: new Map([["order:o1", "P-old"], ["aj:a1", "P-old"], ["order:o2", "P-old"]]) });
    const plan = planSync(res, { rowIds, personIds: ["P-old", "P-old", "P-old", null], reasons: [null, null, null, "no_match"] }, new Set(["P-old"]), counter());
    expect(plan.personIdOf).toEqual(["P-old", "new-1"]);
    expect(plan.audits).toEqual([expect.objectContaining({ action: "split", personId: "new-1", otherPersonId: "P-old", recordIds: ["r-o2"] })]);
    const moved = planSync(resolveIdentities(records), { rowIds, personIds: ["P-x", "P-x", "P-y", null], reasons: [null, null, null, "no_match"] }, new Set(["P-x", "P-y"]), counter());
    expect(moved.emptied).toEqual(["P-x", "P-y"]);
  });

  it("gives an adopted new profile to its adopter, updated rather than created, and audits even a lone record as an attach; so is an adopted weak record", () => {
    const res = resolveIdentities(records);
    const plan = planSync(res, { rowIds, personIds: [null, null, null, null], reasons: [null, null, null, null] }, new Set(), counter(), { profiles: new Map([[1, "P-ops"]]), weak: new Map([[3, "P-seed"]]) });
    expect(plan.persons.map((p) => [p.id, p.isNew])).toEqual([["new-1", true], ["P-ops", false]]);
    expect([2, 3].map((i) => [plan.assignedPerson(i), plan.assignedReason(i)])).toEqual([["P-ops", null], ["P-seed", null]]);
    expect(plan.audits.map((a) => [a.action, a.personId, a.recordIds, a.evidence.rule])).toEqual([
      ["merge", "new-1", ["r-o1", "r-a1"], undefined],
      ["attach", "P-ops", ["r-o2"], ADOPTED_RULE],
      ["attach", "P-seed", ["r-w1"], ADOPTED_RULE],
    ]);
  });
});
