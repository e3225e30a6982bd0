import { describe, expect, it } from "vitest";
import { isSameOrigin } from "./origin";

const req = (headers: Record<string, string>) => new Request("http://localhost:3000/api/x", { method: "POST", headers });

describe("isSameOrigin", () => {
  it("accepts our own origin", () => {
    expect(isSameOrigin(req({ host: "localhost:3000", origin: "http://localhost:3000" }))).toBe(true);
  });
  it("refuses another site", () => {
    expect(isSameOrigin(req({ host: "localhost:3000", origin: "https://evil.example" }))).toBe(false);
  });
  it("refuses a POST without origin or referer", () => {
    expect(isSameOrigin(req({ host: "localhost:3000" }))).toBe(false);
  });
  it("falls back to the referer", () => {
    expect(isSameOrigin(req({ host: "localhost:3000", referer: "http://localhost:3000/people" }))).toBe(true);
  });
});
