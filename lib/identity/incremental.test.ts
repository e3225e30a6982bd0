import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG } from "./config";
import { personsCompatible, resolveIncremental, type Candidate } from "./incremental";
import { normaliseRecord } from "./normalise";
import { RejectionSet } from "./rejections";
import { rec } from "./test-fixtures";
import type { SourceRecordInput } from "./types";

const n = (r: SourceRecordInput) => normaliseRecord(r, DEFAULT_CONFIG);
const cand = (personKey: string, r: SourceRecordInput): Candidate => ({ personKey, record: n(r) });

describe("resolveIncremental", () => {
  const jane = cand("p_jane", rec("aj", "1", { first_name: "Jane", last_name: "Smith", email: "jane@x.com", phone: "0412 345 678" }));

  it("joins the person whose record matches, with evidence", () => {
    const d = resolveIncremental({ record: n(rec("order", "9", { first_name: "Jane", last_name: "Smith", phone: "0412345678" })), candidates: [jane] });
    expect(d.action).toBe("join");
    if (d.action !== "join") return;
    expect(d.personKey).toBe("p_jane");
    expect(d.candidateKey).toBe("aj:1");
    expect(d.evidence.probability).toBeGreaterThan(0.99);
  });

  it("starts a new person when nothing matches well enough", () => {
    const d = resolveIncremental({ record: n(rec("order", "9", { last_name: "Doe", phone: "0412345678", email: "doe@x.com" })), candidates: [jane] });
    expect(d.action).toBe("new");
  });

  it("refuses a shared inbox with a different first name", () => {
    const d = resolveIncremental({ record: n(rec("order", "9", { first_name: "Albert", last_name: "Smith", email: "jane@x.com" })), candidates: [jane] });
    expect(d.action).toBe("new");
    if (d.action === "new") expect(d.rejected[0]?.reason).toBe("first_name_conflict");
  });

  it("checks constraints against the whole person, not only the candidate record", () => {
    // the candidate record has no first name, but the person is known to be Karen and holds booking b1's primary
    const x = cand("p_karen", rec("order", "x", { last_name: "Wang", email: "wangs@x.com", phone: "0412 345 678" }));
    const facts = new Map([["p_karen", { firstNames: ["karen"], bookingRoles: ["b1:aj"] }]]);
    const albert = resolveIncremental({ record: n(rec("order", "9", { first_name: "Albert", last_name: "Wang", email: "wangs@x.com" })), candidates: [x], personFacts: facts });
    expect(albert.action).toBe("new");
    const partner = resolveIncremental({
      record: n(rec("aj_partner", "b1-p", { first_name: "Karen", last_name: "Wang", email: "wangs@x.com", booking_id: "b1" })),
      candidates: [x],
      personFacts: facts,
    });
    expect(partner.action).toBe("new");
    if (partner.action === "new") expect(partner.rejected.map((r) => r.reason)).toContain("booking_conflict");
  });

  it("needs the new first name compatible with every first name of the person", () => {
    const sam = cand("p_sam", rec("order", "1", { first_name: "Samantha", last_name: "Lee", email: "lees@x.com" }));
    const sam2 = cand("p_sam", rec("order", "2", { first_name: "Sam", last_name: "Lee", email: "lees@x.com" }));
    const samuel = resolveIncremental({ record: n(rec("order", "9", { first_name: "Samuel", last_name: "Lee", email: "lees@x.com" })), candidates: [sam, sam2] });
    expect(samuel.action).toBe("new");
    const gerald = cand("p_g", rec("order", "3", { first_name: "Gerald", last_name: "Fox", email: "g@x.com" }));
    const geraud = cand("p_g", rec("order", "4", { first_name: "Geraud", last_name: "Fox", email: "g@x.com" }));
    const gerld = resolveIncremental({ record: n(rec("order", "9", { first_name: "Gerld", last_name: "Fox", email: "g@x.com" })), candidates: [gerald, geraud] });
    expect(gerld).toMatchObject({ action: "join", personKey: "p_g" });
  });

  it("skips a cached rejection until the evidence changes", () => {
    const record = n(rec("order", "9", { first_name: "Jane", last_name: "Smith", phone: "0412345678" }));
    const rejections = new RejectionSet([{ a: record.key, b: "aj:1", aVersion: record.evidenceVersion, bVersion: jane.record.evidenceVersion }]);
    expect(resolveIncremental({ record, candidates: [jane], rejections }).action).toBe("new");
    const updated = n(rec("order", "9", { first_name: "Jane", last_name: "Smith", phone: "0412345678", email: "jane@x.com" }));
    expect(resolveIncremental({ record: updated, candidates: [jane], rejections }).action).toBe("join");
  });

  it("picks the strongest person and reports the others it also matched", () => {
    const other = cand("p_jane2", rec("sbm", "2", { full_name: "Jane Smith", phone: "0412 345 678" }));
    const d = resolveIncremental({ record: n(rec("order", "9", { first_name: "Jane", last_name: "Smith", phone: "0412345678", email: "jane@x.com" })), candidates: [other, jane] });
    expect(d.action).toBe("join");
    if (d.action !== "join") return;
    expect(d.personKey).toBe("p_jane");
    expect(d.alsoMatched).toEqual(["p_jane2"]);
  });

  it("on a crowded value only compares candidates with the same name", () => {
    const shared = { email: "orders@internal.example", phone: "02 9999 0000" };
    const candidates = Array.from({ length: 100 }, (_, i) => cand("p_internal", rec("order", `int${i}`, { first_name: "Ring", last_name: "Prep", ...shared })));
    const bruce = resolveIncremental({ record: n(rec("order", "b", { first_name: "Bruce", last_name: "Pereira", ...shared })), candidates });
    expect(bruce.action).toBe("new");
    const ring = resolveIncremental({ record: n(rec("order", "r", { first_name: "Ring", last_name: "Prep", ...shared })), candidates });
    expect(ring).toMatchObject({ action: "join", personKey: "p_internal" });
  });

  it("attaches weak records by the exact-value rule and drops records without contact", () => {
    const weak = n(rec("order", "w", { email: "jane@x.com" }));
    expect(resolveIncremental({ record: weak, candidates: [jane] })).toEqual({ action: "attach", personKey: "p_jane" });
    const albert = cand("p_albert", rec("aj", "2", { first_name: "Albert", last_name: "Smith", email: "jane@x.com" }));
    expect(resolveIncremental({ record: weak, candidates: [jane, albert] })).toEqual({ action: "wait", reason: "ambiguous" });
    expect(resolveIncremental({ record: weak, candidates: [] })).toEqual({ action: "wait", reason: "no_match" });
    expect(resolveIncremental({ record: n(rec("order", "d", { first_name: "No", last_name: "Contact" })), candidates: [jane] })).toEqual({ action: "drop", reason: "no_contact" });
  });
});

describe("resolveIncremental: ambiguity", () => {
  it("leaves a surname-only record at a couple's inbox waiting as ambiguous", () => {
    const o = (id: string, fields: Parameters<typeof rec>[2]) => n(rec("order", id, fields));
    const decision = resolveIncremental({
      record: o("s1", { last_name: "Wang", email: "wangs@example.com" }),
      candidates: [
        { record: o("k1", { first_name: "Karen", last_name: "Wang", email: "wangs@example.com" }), personKey: "p-karen" },
        { record: o("a1", { first_name: "Albert", last_name: "Wang", email: "wangs@example.com" }), personKey: "p-albert" },
      ],
    });
    expect(decision).toMatchObject({ action: "wait", reason: "ambiguous" });
    expect(decision.action === "wait" && decision.matched?.map((m) => m.personKey).sort()).toEqual(["p-albert", "p-karen"]);
    const one = resolveIncremental({
      record: o("s1", { last_name: "Wang", email: "wangs@example.com" }),
      candidates: [{ record: o("k1", { first_name: "Karen", last_name: "Wang", email: "wangs@example.com" }), personKey: "p-karen" }],
    });
    expect(one).toMatchObject({ action: "join", personKey: "p-karen" });
  });
});

describe("personsCompatible", () => {
  it("allows two persons with one first name (or its misspelling) and no opposite booking roles", () => {
    expect(personsCompatible({ firstNames: ["nora"], bookingRoles: [] }, { firstNames: ["nora", "norah"], bookingRoles: ["b1:aj"] })).toBe(true);
    expect(personsCompatible({ firstNames: [], bookingRoles: [] }, { firstNames: ["karen"], bookingRoles: [] })).toBe(true);
  });

  it("refuses clearly different first names and the two sides of one booking", () => {
    expect(personsCompatible({ firstNames: ["karen"], bookingRoles: [] }, { firstNames: ["albert"], bookingRoles: [] })).toBe(false);
    expect(personsCompatible({ firstNames: ["samantha"], bookingRoles: [] }, { firstNames: ["samuel", "sam"], bookingRoles: [] })).toBe(false);
    expect(personsCompatible({ firstNames: ["john"], bookingRoles: [] }, { firstNames: ["joan"], bookingRoles: [] })).toBe(false);
    expect(personsCompatible({ firstNames: ["nora"], bookingRoles: ["b1:aj"] }, { firstNames: ["nora"], bookingRoles: ["b1:aj_partner"] })).toBe(false);
  });
});

describe("resolveIncremental: names the other way round", () => {
  it("joins `Hodgson George` to George Hodgson, and George Hodgson to a person holding `Hodgson George`", () => {
    const george = cand("p_george", rec("order", "g1", { first_name: "George", last_name: "Hodgson", email: "gh@example.com" }));
    const swapped = n(rec("aj", "s1", { first_name: "Hodgson", last_name: "George", email: "gh@example.com" }));
    expect(resolveIncremental({ record: swapped, candidates: [george], personFacts: new Map([["p_george", { firstNames: ["george"], bookingRoles: [] }]]) })).toMatchObject({
      action: "join",
      personKey: "p_george",
    });
    const held = cand("p_george", rec("aj", "s1", { first_name: "Hodgson", last_name: "George", email: "gh@example.com" }));
    expect(resolveIncremental({ record: n(rec("order", "g2", { first_name: "George", last_name: "Hodgson", email: "gh@example.com" })), candidates: [held] })).toMatchObject({
      action: "join",
      personKey: "p_george",
    });
  });
});

describe("resolveIncremental: ambiguity across a booking", () => {
  it("leaves a nameless record waiting when it matches both sides of one booking", () => {
    const primary = cand("p_a", rec("aj", "b1", { first_name: "Chris", last_name: "Knight", email: "knights@example.com", booking_id: "b1" }));
    const partner = cand("p_b", rec("aj_partner", "b1-p", { first_name: "Chris", last_name: "Knight", email: "knights@example.com", booking_id: "b1" }));
    const record = n(rec("order", "o1", { last_name: "Knight", email: "knights@example.com" }));
    expect(resolveIncremental({ record, candidates: [primary, partner] })).toMatchObject({ action: "wait", reason: "ambiguous" });
  });
});
