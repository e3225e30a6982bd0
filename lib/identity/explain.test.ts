import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG, resolveConfig, weightToProbability } from "./config";
import { explain } from "./explain";
import { normaliseRecord } from "./normalise";
import { termFrequencyWeight } from "./score";
import { rec } from "./test-fixtures";

const n = (r: Parameters<typeof normaliseRecord>[0]) => normaliseRecord(r, DEFAULT_CONFIG);

describe("explain", () => {
  it("gives per-field level, weight, total and probability", () => {
    const e = explain(
      n(rec("aj", "1", { first_name: "Bob", last_name: "O’Brien", email: "bob@x.com", phone: "0412 345 678" })),
      n(rec("order", "2", { first_name: "Robert", last_name: "O'Brien", email: "rob@x.com" })),
    );
    expect(e.fields.map((f) => [f.field, f.level, f.weight])).toEqual([
      ["firstName", "nickname", 5],
      ["lastName", "exact", 10.64],
      ["email", "disagree", -4.32],
      ["phone", "missing", 0],
    ]);
    expect(e.total).toBeCloseTo(5 + 10.64 - 4.32);
    expect(e.probability).toBeCloseTo(weightToProbability(e.total));
    expect(e.wouldMerge).toBe(true);
  });

  it("uses the default weights of the spec", () => {
    const e = explain(
      n(rec("aj", "1", { first_name: "Ann", last_name: "Lee", email: "a@x.com", phone: "0412 345 678" })),
      n(rec("aj", "2", { first_name: "Zed", last_name: "Kim", email: "z@x.com", phone: "0498 765 432" })),
    );
    expect(e.fields.map((f) => f.weight)).toEqual([-3.25, -4.32, -4.32, -4.32]);
    expect(e.wouldMerge).toBe(false);
  });

  it("flags a shared inbox with clearly different first names as a conflict", () => {
    const e = explain(
      n(rec("aj", "1", { first_name: "Karen", last_name: "Wang", email: "wangs@x.com" })),
      n(rec("aj", "2", { first_name: "Albert", last_name: "Wang", email: "wangs@x.com" })),
    );
    expect(e.probability).toBeGreaterThan(0.99);
    expect(e.firstNameConflict).toBe(true);
    expect(e.wouldMerge).toBe(false);
  });

  it("flags the primary and partner of one booking", () => {
    const e = explain(
      n(rec("aj", "b1", { first_name: "Sam", last_name: "Lee", email: "lees@x.com", booking_id: "b1" })),
      n(rec("aj_partner", "b1-p", { first_name: "Sam", last_name: "Lee", email: "lees@x.com", booking_id: "b1" })),
    );
    expect(e.bookingConflict).toBe(true);
    expect(e.wouldMerge).toBe(false);
  });

  it("weakens agreement on a crowded value (term frequency)", () => {
    const a = n(rec("order", "1", { first_name: "Ring", last_name: "Prep", email: "orders@internal.example" }));
    const b = n(rec("order", "2", { first_name: "Bruce", last_name: "Pereira", email: "orders@internal.example" }));
    const e = explain(a, b, DEFAULT_CONFIG, { emailCount: () => 50_000 });
    expect(e.fields[2]?.weight).toBe(0);
    expect(termFrequencyWeight(10.81, 16, DEFAULT_CONFIG.termFrequency)).toBe(10.81);
    expect(termFrequencyWeight(10.81, 64, DEFAULT_CONFIG.termFrequency)).toBeCloseTo(8.81);
  });

  it("follows configured weights", () => {
    const config = resolveConfig({ weights: { email: { agree: 20 } } });
    const e = explain(n(rec("aj", "1", { email: "a@x.com", first_name: "A" })), n(rec("aj", "2", { email: "a@x.com" })), config);
    expect(e.fields[2]?.weight).toBe(20);
    expect(config.weights.email.disagree).toBe(-4.32);
  });
});
