import { describe, expect, it } from "vitest";
import { canonicalDomain, compareEmails, compareFirstNames, compareLastNames, compareNames, comparePhones, spellingLevel } from "./compare";
import { DEFAULT_CONFIG } from "./config";
import { normaliseEmail } from "./email";
import { explain } from "./explain";
import { normaliseRecord } from "./normalise";
import { jaroWinkler } from "./string-distance";
import { rec } from "./test-fixtures";
import type { SourceRecordInput } from "./types";

const guard = DEFAULT_CONFIG.firstNameGuard;
const norm = (r: SourceRecordInput) => normaliseRecord(r, DEFAULT_CONFIG);
const level = (e: ReturnType<typeof explain>, field: string) => e.fields.find((f) => f.field === field)?.level;

describe("Jaro–Winkler", () => {
  it("scores the textbook pairs", () => {
    expect(jaroWinkler("martha", "marhta")).toBeCloseTo(0.961, 3);
    expect(jaroWinkler("dwayne", "duane")).toBeCloseTo(0.84, 2);
    expect(jaroWinkler("abc", "xyz")).toBe(0);
    expect(jaroWinkler("same", "same")).toBe(1);
  });
});

describe("spelling levels", () => {
  it("grades from one edit down to two edits and reordered tokens", () => {
    expect(spellingLevel("maxwell", "maxwell")).toBe("exact");
    expect(spellingLevel("maxwell", "mxwell")).toBe("typo");
    expect(spellingLevel("theodore", "thedero")).toBe("jaro_winkler_92");
    expect(spellingLevel("randy", "rnday")).toBe("jaro_winkler_88");
    expect(spellingLevel("christine", "chrsitnie")).toBe("jaro_winkler_92");
    expect(spellingLevel("daniel", "dnaiel")).toBe("typo");
    expect(spellingLevel("vanderberg", "bergvander")).toBe("reordered");
    expect(spellingLevel("wang", "baker")).toBeNull();
  });

  it("keeps two edits below the Jaro–Winkler levels", () => {
    expect(jaroWinkler("martin", "matrni")).toBeGreaterThanOrEqual(0.88);
    expect(spellingLevel("martin", "matrni")).toBe("jaro_winkler_88");
    expect(jaroWinkler("bartholomew", "btraholomwe")).toBeGreaterThanOrEqual(0.88);
    expect(jaroWinkler("kumar", "ukmra")).toBeLessThan(0.88);
    expect(spellingLevel("kumar", "ukmra")).toBe("two_edits");
    expect(spellingLevel("hunter", "uhnrte")).toBe("reordered");
    expect(spellingLevel("hunter", "hodgson")).toBeNull();
  });

  it("never makes two different real first names a spelling match (John/Joan, Mark/Mary)", () => {
    expect(compareFirstNames("john", "joan", guard)).toBe("disagree");
    expect(compareFirstNames("mark", "mary", guard)).toBe("disagree");
    expect(compareFirstNames("theodore", "thedero", guard)).toBe("jaro_winkler_92");
  });

  it("grades an initial against a full surname", () => {
    expect(compareLastNames("h", "hodgson")).toBe("initial");
  });
});

describe("names compared the other way round", () => {
  it("is its own level when first and last are swapped", () => {
    expect(compareNames({ first: "hodgson", last: "george" }, { first: "george", last: "hodgson" }, guard)).toEqual({ first: "swapped", last: "swapped" });
    expect(compareNames({ first: "george", last: "hodgson" }, { first: "george", last: "hodgson" }, guard)).toEqual({ first: "exact", last: "exact" });
  });

  it("finds a lone name written in the other field", () => {
    expect(compareNames({ first: null, last: "christine" }, { first: "christine", last: "hunter" }, guard)).toEqual({ first: "missing", last: "swapped" });
  });

  it("merges `Hodgson, George`-style swapped records with the same email", () => {
    const e = explain(norm(rec("order", "1", { first_name: "Hodgson", last_name: "George", email: "gh@example.com" })), norm(rec("aj", "2", { first_name: "George", last_name: "Hodgson", email: "gh@example.com" })));
    expect(level(e, "firstName")).toBe("swapped");
    expect(e.wouldMerge).toBe(true);
  });
});

describe("the issue's examples", () => {
  it("merges two-edit names with the same email (Theodore Maxwell / Thedero Mxwell)", () => {
    const e = explain(norm(rec("order", "1", { first_name: "Theodore", last_name: "Maxwell", email: "tm@example.com" })), norm(rec("aj", "2", { first_name: "Thedero", last_name: "Mxwell", email: "tm@example.com" })));
    expect(e.wouldMerge).toBe(true);
    expect(e.firstNameConflict).toBe(false);
  });

  it("treats a missing first name as no evidence, not a disagreement (— Russell / Alexander Russell)", () => {
    const e = explain(norm(rec("order", "1", { first_name: "—", last_name: "Russell", email: "ar@example.com" })), norm(rec("aj", "2", { first_name: "Alexander", last_name: "Russell", email: "ar@example.com" })));
    expect(level(e, "firstName")).toBe("missing");
    expect(e.fields[0]!.weight).toBe(0);
    expect(e.wouldMerge).toBe(true);
  });

  it("reads the address out of a display-name email", () => {
    expect(normaliseEmail("Maria Sentosa <msentosa@example.com>")).toBe("msentosa@example.com");
    expect(normaliseEmail("  <A@B.co> ")).toBe("a@b.co");
    expect(normaliseEmail("Maria Sentosa")).toBeNull();
  });
});

describe("contact levels", () => {
  it("grades one edit in the local part and a known domain typo far below exact", () => {
    expect(compareEmails("jeremy.white@hotmail.com", "jiremy.white@hotmail.com")).toBe("one_edit");
    expect(compareEmails("ava.hill@gmial.com", "ava.hill@gmail.com")).toBe("domain_typo");
    expect(canonicalDomain("gmial.com")).toBe("gmail.com");
    expect(compareEmails("ava@gmail.com", "bob@gmail.com")).toBe("disagree");
    // initials and numbers tell namesakes apart: not typos
    expect(compareEmails("ablack@gmail.com", "mblack@gmail.com")).toBe("disagree");
    expect(compareEmails("virginia_kim62@bigpond.com", "virginia_kim65@bigpond.com")).toBe("disagree");
    const w = DEFAULT_CONFIG.weights.email;
    expect(w.one_edit).toBeLessThan(w.agree / 2);
    expect(w.domain_typo).toBeLessThan(w.agree / 2);
  });

  it("merges one edit in an email's local part when everything else agrees", () => {
    const e = explain(
      norm(rec("order", "1", { first_name: "Jeremy", last_name: "White", email: "jeremy.white@hotmail.com", phone: "0420644763" })),
      norm(rec("aj", "2", { first_name: "Jeremy", last_name: "White", email: "jiremy.white@hotmail.com", phone: "0420644763" })),
    );
    expect(level(e, "email")).toBe("one_edit");
    expect(e.wouldMerge).toBe(true);
  });

  it("grades a phone one digit off with a weight that is never enough on its own", () => {
    expect(comparePhones("+61420644763", "+61420644768")).toBe("one_digit");
    expect(comparePhones("+61420644763", "+61420644700")).toBe("disagree");
    const e = explain(norm(rec("order", "1", { phone: "0420644763", email: "a@example.com" })), norm(rec("aj", "2", { phone: "0420644768", email: "b@example.com" })));
    expect(level(e, "phone")).toBe("one_digit");
    expect(e.wouldMerge).toBe(false);
    expect(DEFAULT_CONFIG.weights.phone.one_digit).toBeLessThan(6.63);
  });
});
