import { describe, expect, it } from "vitest";
import { compareContacts, compareFirstNames, compareLastNames } from "./compare";
import { DEFAULT_CONFIG } from "./config";
import { areNicknames, nicknameVariants } from "./nicknames";
import { osaDistance } from "./string-distance";

const guard = DEFAULT_CONFIG.firstNameGuard;

describe("osaDistance", () => {
  it("counts insertions, deletions, substitutions and adjacent swaps as one edit", () => {
    expect(osaDistance("karen", "karen")).toBe(0);
    expect(osaDistance("karen", "kaen")).toBe(1);
    expect(osaDistance("karen", "karne")).toBe(1);
    expect(osaDistance("karen", "kuren")).toBe(1);
    expect(osaDistance("daniel", "danielle")).toBe(2);
    expect(osaDistance("albert", "karen", 2)).toBe(3);
  });
});

describe("nicknames", () => {
  it("matches nicknames and spelling variants of one name", () => {
    expect(areNicknames("bob", "robert")).toBe(true);
    expect(areNicknames("kate", "katherine")).toBe(true);
    expect(areNicknames("katherine", "catherine")).toBe(true);
    expect(areNicknames("kate", "kathy")).toBe(true);
    expect(nicknameVariants("tony")).toContain("anthony");
  });

  it("does not match two names that only share a nickname", () => {
    expect(areNicknames("sam", "samuel")).toBe(true);
    expect(areNicknames("sam", "samantha")).toBe(true);
    expect(areNicknames("samuel", "samantha")).toBe(false);
    expect(areNicknames("christopher", "christine")).toBe(false);
  });
});

describe("compareFirstNames", () => {
  it("grades agreement", () => {
    expect(compareFirstNames("karen", "karen", guard)).toBe("exact");
    expect(compareFirstNames("bob", "robert", guard)).toBe("nickname");
    expect(compareFirstNames("karen", "kaen", guard)).toBe("typo");
    expect(compareFirstNames("toyn", "anthony", guard)).toBe("nickname_typo");
    expect(compareFirstNames("benamin", "ben", guard)).toBe("nickname_typo");
    expect(compareFirstNames("j", "john", guard)).toBe("initial");
    expect(compareFirstNames("karen", "albert", guard)).toBe("disagree");
    expect(compareFirstNames(null, "albert", guard)).toBe("missing");
  });

  it("does not call two established names a typo (John/Joan, Mark/Mary)", () => {
    expect(compareFirstNames("john", "joan", guard)).toBe("disagree");
    expect(compareFirstNames("mark", "mary", guard)).toBe("disagree");
    expect(compareFirstNames("daniel", "danielle", guard)).toBe("disagree");
  });

  it("uses name frequencies to tell real names from typos", () => {
    const counts: Record<string, number> = { zelda: 40, zelma: 35, zeld: 1 };
    const frequency = (k: string) => counts[k] ?? 0;
    expect(compareFirstNames("zelda", "zelma", guard, frequency)).toBe("disagree");
    expect(compareFirstNames("zelda", "zeld", guard, frequency)).toBe("typo");
    expect(compareFirstNames("zelda", "zelma", guard)).toBe("typo");
  });
});

describe("compareLastNames and contacts", () => {
  it("grades last names", () => {
    expect(compareLastNames("obrien", "obrien")).toBe("exact");
    expect(compareLastNames("sharma", "sharam")).toBe("typo");
    expect(compareLastNames("wang", "baker")).toBe("disagree");
  });

  it("compares contacts exactly", () => {
    expect(compareContacts("a@b.co", "a@b.co")).toBe("agree");
    expect(compareContacts("a@b.co", "c@b.co")).toBe("disagree");
    expect(compareContacts(null, "c@b.co")).toBe("missing");
  });
});
