import { describe, expect, it } from "vitest";
import { headerValue, safeEqual } from "./webhook";

describe("headerValue", () => {
  it("reads Fetch Headers case-insensitively", () => {
    expect(headerValue(new Headers({ "X-Front-Signature": "abc" }), "x-front-signature")).toBe("abc");
  });
  it("reads a Node header record case-insensitively, first of several", () => {
    expect(headerValue({ "X-Forwarded-Host": ["a.example", "b.example"] }, "x-forwarded-host")).toBe("a.example");
    expect(headerValue({ host: "h" }, "Host")).toBe("h");
    expect(headerValue({}, "host")).toBeUndefined();
  });
});

describe("safeEqual", () => {
  it("is true only for identical strings, whatever the lengths", () => {
    expect(safeEqual("secret", "secret")).toBe(true);
    expect(safeEqual("secret", "secreT")).toBe(false);
    expect(safeEqual("secret", "secret-longer")).toBe(false);
    expect(safeEqual("", "x")).toBe(false);
  });
});
