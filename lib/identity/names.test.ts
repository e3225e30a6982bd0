import { describe, expect, it } from "vitest";
import { nameKey, normaliseName, splitFullName, titleCase } from "./names";

describe("normaliseName", () => {
  it("trims, collapses whitespace and case-folds", () => {
    expect(normaliseName("  samantha  ")).toBe("samantha");
    expect(normaliseName("Mary   Anne")).toBe("mary anne");
    expect(normaliseName("BARNES")).toBe("barnes");
  });

  it("makes curly apostrophes straight so O’Brien matches O'Brien", () => {
    expect(normaliseName("O’Brien")).toBe("o'brien");
    expect(normaliseName("O’Brien")).toBe(normaliseName("O'Brien"));
    expect(nameKey(normaliseName("O’Brien")!)).toBe(nameKey(normaliseName("OBrien")!));
  });

  it("strips diacritics", () => {
    expect(normaliseName("José")).toBe("jose");
    expect(normaliseName("Zoë Müller")).toBe("zoe muller");
  });

  it("treats placeholders and punctuation-only values as missing", () => {
    expect(normaliseName("unknown")).toBeNull();
    expect(normaliseName(" - ")).toBeNull();
    expect(normaliseName("")).toBeNull();
    expect(normaliseName(null)).toBeNull();
  });

  it("keys names on letters only", () => {
    expect(nameKey("smith-jones")).toBe("smithjones");
    expect(nameKey("d'souza")).toBe("dsouza");
  });
});

describe("splitFullName", () => {
  it("reads First Last", () => {
    expect(splitFullName("Jane Smith")).toEqual({ firstName: "jane", lastName: "smith" });
  });

  it("reads Last, First", () => {
    expect(splitFullName("McDonald, Kathleen")).toEqual({ firstName: "kathleen", lastName: "mcdonald" });
    expect(splitFullName(" Suzuki  , Noah")).toEqual({ firstName: "noah", lastName: "suzuki" });
  });

  it("drops trailing notes in parentheses", () => {
    expect(splitFullName("Jane Smith (new client)")).toEqual({ firstName: "jane", lastName: "smith" });
    expect(splitFullName("Mnria  Rowe   (new client)")).toEqual({ firstName: "mnria", lastName: "rowe" });
    expect(splitFullName("Ben Edwards (mobile")).toEqual({ firstName: "ben", lastName: "edwards" });
  });

  it("drops titles, suffixes and middle names but keeps particle surnames", () => {
    expect(splitFullName("Dr Jane Mary Smith Jr")).toEqual({ firstName: "jane", lastName: "smith" });
    expect(splitFullName("Jane van der Berg")).toEqual({ firstName: "jane", lastName: "van der berg" });
  });

  it("reads a single word as a first name and handles curly apostrophes", () => {
    expect(splitFullName("Madonna")).toEqual({ firstName: "madonna", lastName: null });
    expect(splitFullName("O’Brien, Emily")).toEqual({ firstName: "emily", lastName: "o'brien" });
  });
});

describe("titleCase", () => {
  it("capitalises words and name parts", () => {
    expect(titleCase("o'brien")).toBe("O'Brien");
    expect(titleCase("mary-jane smith")).toBe("Mary-Jane Smith");
  });
});
