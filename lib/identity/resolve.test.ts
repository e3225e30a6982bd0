import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG, resolveConfig } from "./config";
import { evidenceVersionOf } from "./normalise";
import { type Assignment, mergeEvidence, resolveIdentities } from "./resolve";
import { rec } from "./test-fixtures";
import type { SourceRecordInput } from "./types";

function personOf(result: ReturnType<typeof resolveIdentities>, key: string): string | null {
  const i = indexOf(result, key);
  if (i < 0) throw new Error(`no record ${key}`);
  return result.personOf[i] ?? null;
}

function indexOf(result: ReturnType<typeof resolveIdentities>, key: string): number {
  for (let i = 0; i < result.batch.size; i++) if (result.batch.keyOf(i) === key) return i;
  return -1;
}

describe("resolveIdentities", () => {
  it("merges one person's records across sources and phone spellings", () => {
    const result = resolveIdentities([
      rec("aj", "1", { first_name: "Jane", last_name: "Smith", email: "jane@example.com", phone: "0412 345 678" }),
      rec("sbm", "2", { full_name: "Smith, Jane", phone: "+61 (0)412345678" }),
      rec("order", "3", { first_name: "JANE", last_name: "smith", email: " Jane@Example.com " }),
    ]);
    expect(result.stats.persons).toBe(1);
    expect(new Set(result.personOf).size).toBe(1);
  });

  it("keeps the shared inbox of a couple as two people", () => {
    const result = resolveIdentities([
      rec("aj", "b1", { first_name: "Karen", last_name: "Wang", email: "wangs@example.com", phone: "0412 345 678", booking_id: "b1" }),
      rec("aj_partner", "b1-p", { first_name: "Albert", last_name: "Wang", email: "wangs@example.com", booking_id: "b1" }),
      rec("order", "o1", { first_name: "Albert", last_name: "Wang", email: "wangs@example.com", phone: "0498 765 432" }),
      rec("order", "o2", { first_name: "Karen", last_name: "Wang", email: "wangs@example.com" }),
    ]);
    expect(personOf(result, "aj:b1")).toBe(personOf(result, "order:o2"));
    expect(personOf(result, "aj_partner:b1-p")).toBe(personOf(result, "order:o1"));
    expect(personOf(result, "aj:b1")).not.toBe(personOf(result, "order:o1"));
    expect(result.rejected.every((r) => r.reason !== "below_threshold")).toBe(true);
  });

  it("keeps a couple sharing inbox, phone and surname apart on first names alone", () => {
    const result = resolveIdentities([
      rec("order", "1", { first_name: "Daniel", last_name: "Baker", email: "bakers@example.com", phone: "0412 345 678" }),
      rec("sbm", "2", { full_name: "Danielle Baker", email: "bakers@example.com", phone: "0412345678" }),
      rec("order", "3", { first_name: "Dan", last_name: "Baker", email: "bakers@example.com" }),
    ]);
    expect(result.stats.persons).toBe(2);
    expect(personOf(result, "order:1")).toBe(personOf(result, "order:3"));
    expect(result.rejected.filter((r) => r.reason === "first_name_conflict").length).toBe(2);
  });

  it("does not chain Samuel into Samantha through the ambiguous nickname Sam", () => {
    const result = resolveIdentities([
      rec("order", "1", { first_name: "Samantha", last_name: "Lee", email: "lees@example.com" }),
      rec("order", "2", { first_name: "Sam", last_name: "Lee", email: "lees@example.com" }),
      rec("order", "3", { first_name: "Samuel", last_name: "Lee", email: "lees@example.com" }),
    ]);
    expect(personOf(result, "order:1")).not.toBe(personOf(result, "order:3"));
  });

  it("joins two misspellings of one first name through the correct spelling", () => {
    const result = resolveIdentities([
      rec("order", "1", { first_name: "Gerald", last_name: "Fox", email: "gfox@example.com", phone: "0412 345 678" }),
      rec("order", "2", { first_name: "Geraud", last_name: "Fox", email: "gfox@example.com" }),
      rec("sbm", "3", { full_name: "Gerld Fox", phone: "0412345678" }),
    ]);
    expect(result.stats.persons).toBe(1);
  });

  it("matches O’Brien with O'Brien", () => {
    const result = resolveIdentities([
      rec("aj", "1", { first_name: "Danielle", last_name: "O’Brien", phone: "0412 345 678" }),
      rec("order", "2", { first_name: "danielle", last_name: "O'Brien", phone: "0412345678" }),
    ]);
    expect(result.stats.persons).toBe(1);
    expect(mergeEvidence(result, 0).fields.find((f) => f.field === "lastName")?.level).toBe("exact");
  });

  it("bins a 000000 number, so a record with nothing else is dropped as no_contact", () => {
    const result = resolveIdentities([
      rec("order", "1", { first_name: "Tim", last_name: "Wright", phone: "0400 000 000" }),
      rec("order", "2", { first_name: "Tim", last_name: "Wright", phone: "+61 400 000 000" }),
    ]);
    expect(result.personOf).toEqual([null, null]);
    expect(result.reasonOf).toEqual(["no_contact", "no_contact"]);
    expect(result.batch.phones.size).toBe(0);
  });

  it("attaches a bare email import to the profile with that email", () => {
    const result = resolveIdentities([
      rec("aj", "1", { first_name: "Jane", last_name: "Smith", email: "jane@example.com" }),
      rec("order", "w1", { email: "JANE@example.com" }),
      rec("order", "w2", { email: "nobody@example.com" }),
    ]);
    expect(personOf(result, "order:w1")).toBe(personOf(result, "aj:1"));
    expect(result.stats.weakAttached).toBe(1);
    expect(result.reasonOf[2]).toBe("no_match");
    const profile = [...result.profiles].find((p) => p.personKey === personOf(result, "aj:1"));
    expect(profile?.recordCount).toBe(2);
  });

  it("leaves a bare email alone when the email belongs to several profiles", () => {
    const result = resolveIdentities([
      rec("aj", "1", { first_name: "Karen", last_name: "Wang", email: "wangs@example.com" }),
      rec("aj", "2", { first_name: "Albert", last_name: "Wang", email: "wangs@example.com" }),
      rec("order", "w", { email: "wangs@example.com" }),
    ]);
    expect(result.personOf[2]).toBeNull();
    expect(result.reasonOf[2]).toBe("ambiguous");
  });

  it("does not fuse the primary and partner of one booking through a chain A–X–B", () => {
    // X (no first name) agrees strongly with both A and B; A and B are one booking's two people
    const result = resolveIdentities([
      rec("aj", "b7", { first_name: "Sam", last_name: "Lee", email: "lees@example.com", phone: "0412 345 678", booking_id: "b7" }),
      rec("aj_partner", "b7-p", { first_name: "Sam", last_name: "Lee", email: "lees@example.com", phone: "0412 345 678", booking_id: "b7" }),
      rec("order", "x", { last_name: "Lee", email: "lees@example.com", phone: "0412345678" }),
    ]);
    expect(personOf(result, "aj:b7")).not.toBe(personOf(result, "aj_partner:b7-p"));
    expect(result.rejected.some((r) => r.reason === "booking_conflict")).toBe(true);
  });

  it("keeps the internal-account bucket fast and does not fuse the different people under it", () => {
    const records: SourceRecordInput[] = [];
    const shared = { email: "orders@internal.example.com", phone: "02 9999 0000" };
    for (let i = 0; i < 20_000; i++) records.push(rec("order", `int${i}`, { first_name: "Ring", last_name: "Prep", ...shared }));
    const customers = ["Bruce Pereira", "Sharon Ahmed", "Kathleen Murphy", "Chloe Hunter", "Carolyn Brown"];
    customers.forEach((name, i) => {
      const [first, last] = name.split(" ");
      records.push(rec("order", `named${i}`, { first_name: first, last_name: last, ...shared }));
      // the same customer elsewhere, with their own contact
      records.push(rec("aj", `own${i}`, { first_name: first, last_name: last, email: `c${i}@example.com`, phone: `04123456${10 + i}` }));
    });
    const started = performance.now();
    const result = resolveIdentities(records);
    const ms = performance.now() - started;
    expect(ms).toBeLessThan(3000);
    // never n² pairs: comparisons stay linear in the bucket
    expect(result.stats.pairsCompared + result.stats.bigBucketComparisons).toBeLessThan(2 * records.length);
    const internal = new Set(records.slice(0, 20_000).map((_, i) => result.personOf[i]));
    expect(internal.size).toBe(1);
    const named = customers.map((_, i) => personOf(result, `order:named${i}`));
    expect(new Set(named).size).toBe(customers.length);
    for (const [i, p] of named.entries()) {
      expect(internal.has(p)).toBe(false);
      expect(p).not.toBe(personOf(result, `aj:own${i}`));
    }
  });

  it("skips a cached rejection, then re-checks the pair after new evidence", () => {
    const base = [
      rec("aj", "1", { first_name: "Jane", last_name: "Smith", email: "jane@example.com", phone: "0412 345 678" }),
      rec("order", "2", { first_name: "Jane", last_name: "Smith", email: "jane@example.com" }),
    ];
    const first = resolveIdentities(base);
    expect(first.stats.persons).toBe(1);
    // a reviewer rejected the pair at these evidence versions
    const i = indexOf(first, "aj:1");
    const j = indexOf(first, "order:2");
    const rejection = { a: "aj:1", b: "order:2", aVersion: evidenceVersionOf(first.batch, i), bVersion: evidenceVersionOf(first.batch, j) };

    const skipped = resolveIdentities(base, { rejections: [rejection] });
    expect(skipped.stats.skippedByRejection).toBe(1);
    expect(skipped.stats.persons).toBe(2);

    // new evidence on one side: its version changes and the pair is scored again
    const changed = [base[0]!, { ...base[1]!, phone: "0412 345 678" }];
    const rechecked = resolveIdentities(changed, { rejections: [rejection] });
    expect(rechecked.stats.skippedByRejection).toBe(0);
    expect(rechecked.stats.persons).toBe(1);
  });

  it("reports rejected pairs with versions so a caller can cache them", () => {
    const result = resolveIdentities([
      rec("aj", "1", { first_name: "Jane", last_name: "Smith", email: "jane@example.com", phone: "0412 345 678" }),
      rec("order", "2", { first_name: "Jane", last_name: "Smyth", phone: "0412 345 678", email: "other@example.com" }),
      rec("order", "3", { first_name: "Ann", last_name: "Jones", phone: "0412 345 678", email: "ann@example.com" }),
    ]);
    const below = result.rejected.filter((r) => r.reason === "below_threshold" || r.reason === "first_name_conflict");
    expect(below.length).toBeGreaterThan(0);
    for (const r of result.rejected) {
      expect(r.aVersion).toMatch(/^[0-9a-f]{13}$/);
      expect(r.probability).toBeGreaterThanOrEqual(0);
    }
  });

  it("keeps person keys stable across runs as people gain and lose records", () => {
    const run1 = resolveIdentities([
      rec("aj", "1", { first_name: "Jane", last_name: "Smith", email: "jane@example.com" }),
      rec("order", "2", { first_name: "Jane", last_name: "Smith", email: "jane@example.com" }),
      rec("aj", "3", { first_name: "Bob", last_name: "Jones", phone: "0412 345 678" }),
    ]);
    const previous = new Map(run1.personOf.map((p, i) => [run1.batch.keyOf(i), p!] as const));
    const jane = previous.get("aj:1")!;
    const bob = previous.get("aj:3")!;
    // a rerun gives the same keys
    const again = resolveIdentities([
      rec("aj", "1", { first_name: "Jane", last_name: "Smith", email: "jane@example.com" }),
      rec("order", "2", { first_name: "Jane", last_name: "Smith", email: "jane@example.com" }),
      rec("aj", "3", { first_name: "Bob", last_name: "Jones", phone: "0412 345 678" }),
    ]);
    expect(again.personOf).toEqual(run1.personOf);
    // Jane loses her smallest record and gains one; Bob gains one; keys are kept
    const run2 = resolveIdentities(
      [
        rec("order", "2", { first_name: "Jane", last_name: "Smith", email: "jane@example.com" }),
        rec("sbm", "0", { full_name: "Jane Smith", email: "jane@example.com" }),
        rec("aj", "3", { first_name: "Bob", last_name: "Jones", phone: "0412 345 678" }),
        rec("sbm", "4", { full_name: "Robert Jones", phone: "0412345678" }),
        rec("aj", "5", { first_name: "New", last_name: "Person", phone: "0498 765 432" }),
      ],
      { previous },
    );
    expect(run2.personOf.slice(0, 2)).toEqual([jane, jane]);
    expect(run2.personOf.slice(2, 4)).toEqual([bob, bob]);
    expect([jane, bob]).not.toContain(run2.personOf[4]);
  });

  it("honours configuration: a stricter threshold splits a weaker match", () => {
    const records = [
      rec("aj", "1", { first_name: "Jane", email: "jane@example.com" }),
      rec("order", "2", { first_name: "Jnae", email: "jane@example.com" }),
    ];
    expect(resolveIdentities(records).stats.persons).toBe(1);
    const strict = resolveConfig({ threshold: 0.999999 });
    expect(resolveIdentities(records, { config: strict }).stats.persons).toBe(2);
    expect(DEFAULT_CONFIG.threshold).toBe(0.99);
  });

  it("reports every stage to onStage", () => {
    const stages: string[] = [];
    resolveIdentities([rec("aj", "1", { first_name: "Jane", email: "jane@example.com" })], { onStage: (s) => stages.push(s) });
    expect(stages).toEqual(["normalise", "block", "score", "cluster", "profiles"]);
  });

  it("hands onAssigned every record's person before the last stage ends, in both forms", () => {
    const seen: Assignment[] = [];
    const events: string[] = [];
    const result = resolveIdentities(
      [
        rec("aj", "1", { first_name: "Jane", last_name: "Doe", email: "jane@example.com" }),
        rec("order", "2", { first_name: "Jane", last_name: "Doe", email: "jane@example.com" }),
        rec("order", "3", { first_name: "No", last_name: "Contact" }),
        rec("sbm", "4", { full_name: "Bob Stone", phone: "0412 345 678" }),
      ],
      { onAssigned: (a) => (seen.push(a), events.push("assigned")), onStage: (s) => events.push(s) },
    );
    expect(events).toEqual(["normalise", "block", "score", "cluster", "assigned", "profiles"]);
    const [a] = seen;
    expect(a!.personOf).toEqual(result.personOf);
    expect(a!.reasonOf).toEqual(result.reasonOf);
    expect(Array.from(a!.clusterOf, (c) => (c < 0 ? null : a!.personKeys[c]))).toEqual(result.personOf);
    expect(a!.personKeys).toEqual(result.profiles.personKeys);
    expect(result.reasonOf[2]).toBe("no_contact");
  });
});

describe("ambiguity is not a match", () => {
  it("leaves a surname-only record at a couple's inbox with neither of them", () => {
    const result = resolveIdentities([
      rec("order", "k1", { first_name: "Karen", last_name: "Wang", email: "wangs@example.com", phone: "0412 345 678" }),
      rec("order", "k2", { first_name: "Karen", last_name: "Wang", email: "wangs@example.com" }),
      rec("order", "a1", { first_name: "Albert", last_name: "Wang", email: "wangs@example.com", phone: "0498 765 432" }),
      rec("order", "s1", { last_name: "Wang", email: "wangs@example.com" }),
    ]);
    expect(personOf(result, "order:s1")).toBeNull();
    expect(result.reasonOf[indexOf(result, "order:s1")]).toBe("ambiguous");
    expect(personOf(result, "order:k1")).toBe(personOf(result, "order:k2"));
    expect(personOf(result, "order:k1")).not.toBe(personOf(result, "order:a1"));
  });

  it("still attaches a surname-only record when only one person has the inbox", () => {
    const result = resolveIdentities([
      rec("order", "k1", { first_name: "Karen", last_name: "Wang", email: "wangs@example.com" }),
      rec("order", "s1", { last_name: "Wang", email: "wangs@example.com" }),
    ]);
    expect(personOf(result, "order:s1")).toBe(personOf(result, "order:k1"));
  });

  it("turns records written the other way round back, judged by the batch", () => {
    const result = resolveIdentities([
      rec("order", "1", { first_name: "George", last_name: "Hodgson", email: "gh@example.com" }),
      rec("order", "2", { first_name: "George", last_name: "Hodgson", phone: "0412 345 678" }),
      rec("order", "3", { first_name: "Hodgson", last_name: "George", email: "gh@example.com", phone: "0412 345 678" }),
    ]);
    expect(result.stats.persons).toBe(1);
    const turned = resolveIdentities([
      rec("order", "1", { first_name: "George", last_name: "Hodgson", email: "gh@example.com" }),
      rec("order", "2", { first_name: "George", last_name: "Hodgson", phone: "0412 345 678" }),
      rec("order", "4", { first_name: "George", last_name: "Hodgson", phone: "0412 999 678" }),
      rec("order", "3", { first_name: "Hodgson", last_name: "George", email: "gh@example.com", phone: "0412 345 678" }),
    ]);
    expect(turned.batch.firstNames.value(turned.batch.first[3]!)).toBe("george");
    expect(turned.batch.lastNames.value(turned.batch.last[3]!)).toBe("hodgson");
  });
});

describe("possible matches and must-links", () => {
  const couple = () => [
    rec("order", "k1", { first_name: "Karen", last_name: "Wang", email: "wangs@example.com", phone: "0412 345 678" }),
    rec("order", "a1", { first_name: "Albert", last_name: "Wang", email: "wangs@example.com", phone: "0498 765 432" }),
    rec("order", "s1", { last_name: "Wang", email: "wangs@example.com" }),
  ];

  it("reports the ambiguous record against both people, with the reason", () => {
    const result = resolveIdentities(couple());
    const ambiguous = result.possible.filter((p) => p.kind === "ambiguous");
    expect(ambiguous.map((p) => [p.a, p.b].sort())).toEqual([
      ["order:k1", "order:s1"],
      ["order:a1", "order:s1"],
    ]);
    expect(ambiguous[0]!.reason).toMatch(/different first names/);
    expect(ambiguous[0]!.evidence.fields.find((f) => f.field === "email")?.level).toBe("agree");
  });

  it("writes pairs between the review and merge thresholds, not merged ones", () => {
    // a shared phone against different surnames and emails: 10.81 - 4.32 - 4.32 bits, p ≈ 0.82
    const result = resolveIdentities([
      rec("order", "1", { last_name: "Quinton", email: "zq@example.com", phone: "0412 345 678" }),
      rec("order", "2", { last_name: "Baxter", email: "other@example.com", phone: "0412 345 678" }),
    ]);
    const p = result.possible.find((m) => m.kind === "score");
    expect(p).toBeDefined();
    expect(p!.probability).toBeGreaterThan(0.5);
    expect(p!.probability).toBeLessThanOrEqual(0.99);
    expect(personOf(result, "order:1")).not.toBe(personOf(result, "order:2"));
    const none = resolveIdentities([rec("order", "1", { first_name: "Zara", last_name: "Quinton", email: "zq@example.com" }), rec("order", "2", { first_name: "Zara", last_name: "Quinton", email: "zq@example.com" })]);
    expect(none.possible).toEqual([]);
  });

  it("keeps a confirmed pair together whatever the score (must-link)", () => {
    const result = resolveIdentities(couple(), { mustLinks: [{ a: "order:s1", b: "order:a1" }] });
    expect(personOf(result, "order:s1")).toBe(personOf(result, "order:a1"));
    expect(personOf(result, "order:k1")).not.toBe(personOf(result, "order:a1"));
    expect(result.possible.filter((p) => p.kind === "ambiguous")).toEqual([]);
  });
});

describe("name-key blocking", () => {
  it("joins records of one name whose emails are one typo apart, sharing no contact", () => {
    const records = [
      rec("order", "1", { first_name: "Jeremy", last_name: "White", email: "jeremy.white@hotmail.com" }),
      rec("aj", "2", { first_name: "Jeremy", last_name: "White", email: "jeremy.whte@hotmail.com" }),
    ];
    expect(resolveIdentities(records).stats.persons).toBe(1);
    expect(resolveIdentities(records, { config: resolveConfig({ blocking: { nameKeys: false } }) }).stats.persons).toBe(2);
  });

  it("never merges on names alone, nor when another contact disagrees, nor namesakes numbered apart", () => {
    expect(
      resolveIdentities([rec("order", "1", { first_name: "John", last_name: "Smith", email: "js@example.com" }), rec("aj", "2", { first_name: "John", last_name: "Smith", email: "smithj@example.org" })]).stats.persons,
    ).toBe(2);
    expect(
      resolveIdentities([
        rec("order", "1", { first_name: "Adam", last_name: "Black", email: "adam.black@gmail.com", phone: "0430 638 531" }),
        rec("aj", "2", { first_name: "Adam", last_name: "Black", email: "adam.blck@gmail.com", phone: "0474 012 998" }),
      ]).stats.persons,
    ).toBe(2);
    expect(
      resolveIdentities([rec("order", "1", { full_name: "Virginia Kim", email: "virginia_kim62@bigpond.com" }), rec("sbm", "2", { full_name: "Virginia Kim", email: "virginia_kim65@bigpond.com" })]).stats.persons,
    ).toBe(2);
  });
});
