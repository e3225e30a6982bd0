import { describe, expect, it } from "vitest";
import { personKeysFor } from "./keys";

describe("person keys", () => {
  it("derives new keys deterministically from the smallest record key", () => {
    const a = personKeysFor([["aj:2", "aj:1"], ["order:9"]]);
    const b = personKeysFor([["order:9"], ["aj:1", "aj:2"]]);
    expect(a[0]).toBe(b[1]);
    expect(a[1]).toBe(b[0]);
    expect(a[0]).toMatch(/^p_[0-9a-f]{13}$/);
  });

  it("keeps the key most of a cluster's records had", () => {
    const previous = new Map([
      ["aj:1", "p_jane"],
      ["aj:2", "p_jane"],
      ["aj:3", "p_other"],
    ]);
    // Jane gained aj:3 (once another person's) and a new record
    expect(personKeysFor([["aj:1", "aj:2", "aj:3", "aj:4"]], previous)).toEqual(["p_jane"]);
  });

  it("gives a split person's key to the bigger part and a new key to the rest", () => {
    const previous = new Map([
      ["aj:1", "p_x"],
      ["aj:2", "p_x"],
      ["aj:3", "p_x"],
    ]);
    const keys = personKeysFor([["aj:3"], ["aj:1", "aj:2"]], previous);
    expect(keys[1]).toBe("p_x");
    expect(keys[0]).not.toBe("p_x");
  });

  it("never reuses a retired key for a different cluster", () => {
    const fresh = personKeysFor([["aj:1"]])[0]!;
    // that key once belonged to someone no longer present
    const keys = personKeysFor([["aj:1"]], new Map([["gone:1", fresh]]));
    expect(keys[0]).not.toBe(fresh);
    expect(keys[0]!.startsWith(fresh)).toBe(true);
  });
});
