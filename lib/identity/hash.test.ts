import { describe, expect, it } from "vitest";
import { hash52 } from "./hash";

describe("hash52", () => {
  it("is deterministic, 13 hex digits, and spreads similar inputs", () => {
    expect(hash52("aj:1")).toBe(hash52("aj:1"));
    expect(hash52("aj:1")).toMatch(/^[0-9a-f]{13}$/);
    expect(hash52("aj:1", "p_")).toBe(`p_${hash52("aj:1")}`);
    const seen = new Set(Array.from({ length: 10_000 }, (_, i) => hash52(`order:r${i}`)));
    expect(seen.size).toBe(10_000);
  });
});
