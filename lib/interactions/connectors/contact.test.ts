import { describe, expect, it } from "vitest";
import { handleContact, normaliseEmail, normalisePhone } from "./contact";

describe("normalisePhone", () => {
  it("writes Australian numbers in E.164 by default", () => {
    expect(normalisePhone("0412 345 678")).toBe("+61412345678");
    expect(normalisePhone("(02) 9876 5432")).toBe("+61298765432");
    expect(normalisePhone("+61 412 345 678")).toBe("+61412345678");
  });
  it("keeps other countries' international numbers, and takes a configured region", () => {
    expect(normalisePhone("+1 415 555 2671")).toBe("+14155552671");
    expect(normalisePhone("(415) 555-2671", "US")).toBe("+14155552671");
  });
  it("strips channel prefixes", () => {
    expect(normalisePhone("whatsapp:+61412345678")).toBe("+61412345678");
  });
  it("drops junk, short numbers and withheld caller ID", () => {
    expect(normalisePhone("0000000000")).toBeNull();
    expect(normalisePhone("04123")).toBeNull();
    expect(normalisePhone("anonymous")).toBeNull();
    expect(normalisePhone("+266696687")).toBeNull();
    expect(normalisePhone("")).toBeNull();
    expect(normalisePhone(undefined)).toBeNull();
  });
});

describe("normaliseEmail", () => {
  it("lower-cases and trims; rejects non-addresses", () => {
    expect(normaliseEmail("  Sabrina@Example.COM ")).toBe("sabrina@example.com");
    expect(normaliseEmail("not an email")).toBeNull();
  });
});

describe("handleContact", () => {
  it("reads an unknown handle as email, else phone, else the handle itself (so it can be triaged)", () => {
    expect(handleContact("Pat@Example.com")).toEqual({ kind: "email", value: "pat@example.com" });
    expect(handleContact("0412 345 678")).toEqual({ kind: "phone", value: "+61412345678" });
    expect(handleContact("visitor-7f3a")).toEqual({ kind: "handle", value: "visitor-7f3a" });
    expect(handleContact("visitor-80767ce3")).toEqual({ kind: "handle", value: "visitor-80767ce3" });
    expect(handleContact("  ")).toBeNull();
  });
});
