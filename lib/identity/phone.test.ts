import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PhoneNormaliser, fastPhoneCandidate, normalisePhone, parsePhoneSlow } from "./phone";

/** Ten ways people write one Australian number, from its 9-digit national number. */
function spellings(nsn: string): string[] {
  const national = `0${nsn}`;
  const [a, b, c] = [nsn.slice(0, 3), nsn.slice(3, 6), nsn.slice(6)];
  const area = nsn.slice(0, 1);
  return [
    national,
    `+61${nsn}`,
    `${national.slice(0, 4)} ${b} ${c}`,
    `+61 (0)${nsn}`,
    `+61 ${a} ${b} ${c}`,
    `61${nsn}`,
    `${national.slice(0, 4)}-${b}-${c}`,
    `(0${area}) ${nsn.slice(1, 5)} ${nsn.slice(5)}`,
    ` ${national} `,
    `+61.${a}.${b}.${c}`,
  ];
}

describe("phone normalisation", () => {
  it("reads the common Australian spellings to E.164", () => {
    for (const raw of spellings("412345678")) expect(normalisePhone(raw, "AU")).toBe("+61412345678");
    expect(normalisePhone("(02) 9876 5432", "AU")).toBe("+61298765432");
  });

  it("bins a national number ending in 000000", () => {
    expect(normalisePhone("0400 000 000", "AU")).toBeNull();
    expect(normalisePhone("+61 412 000 000", "AU")).toBeNull();
    expect(normalisePhone("(00) 0000 0000", "AU")).toBeNull();
    expect(normalisePhone("0000000000", "AU")).toBeNull();
  });

  it("bins numbers of an impossible length and text", () => {
    expect(normalisePhone("04123", "AU")).toBeNull();
    expect(normalisePhone("041234567891234", "AU")).toBeNull();
    expect(normalisePhone("call me", "AU")).toBeNull();
    expect(normalisePhone("", "AU")).toBeNull();
    expect(normalisePhone(null, "AU")).toBeNull();
  });

  it("keeps a well-formed number in a range the metadata does not list unless validity is strict", () => {
    // 0496… has the right length but is outside libphonenumber's allocated mobile ranges
    expect(normalisePhone("0496 601 980", "AU", "possible")).toBe("+61496601980");
    expect(normalisePhone("0496 601 980", "AU", "valid")).toBeNull();
    expect(normalisePhone("0412 345 678", "AU", "valid")).toBe("+61412345678");
  });

  it("reads foreign numbers with their country code whatever the default region", () => {
    expect(normalisePhone("+44 20 7946 0958", "AU")).toBe("+442079460958");
    expect(normalisePhone("020 7946 0958", "GB")).toBe("+442079460958");
  });

  it("leaves unknown spellings and other regions to libphonenumber", () => {
    expect(fastPhoneCandidate("0011 61 412 345 678", "AU")).toBeNull();
    expect(fastPhoneCandidate("0412345678", "GB")).toBeNull();
    expect(fastPhoneCandidate("+44 20 7946 0958", "AU")).toBeNull();
  });

  it("agrees with libphonenumber on every spelling of random numbers (fast path vs slow path)", () => {
    for (const validity of ["possible", "valid"] as const) {
      const normaliser = new PhoneNormaliser("AU", validity);
      fc.assert(
        fc.property(fc.stringMatching(/^[0-9]{9}$/), (nsn) => {
          for (const raw of spellings(nsn)) {
            expect(normaliser.normalise(raw)).toBe(parsePhoneSlow(raw.trim(), "AU", validity));
          }
        }),
        { numRuns: 500 },
      );
    }
  });

  it("agrees with libphonenumber on arbitrary digit strings", () => {
    const normaliser = new PhoneNormaliser("AU");
    fc.assert(
      fc.property(fc.stringMatching(/^\+?[0-9 ()-]{6,16}$/), (raw) => {
        expect(normaliser.normalise(raw)).toBe(parsePhoneSlow(raw.trim(), "AU"));
      }),
      { numRuns: 2000 },
    );
  });

  it("calls libphonenumber once per distinct candidate in strict mode", () => {
    const normaliser = new PhoneNormaliser("AU", "valid");
    for (const raw of spellings("412345678")) normaliser.normalise(raw);
    expect(normaliser.slowParses).toBe(1);
  });
});
