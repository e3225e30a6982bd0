import { describe, expect, it } from "vitest";
import { attachDecision } from "./attach";

describe("attachDecision", () => {
  it("attaches to the only owner, waits when there are several or none", () => {
    expect(attachDecision(["p1", "p1"])).toEqual({ ok: true, personKey: "p1" });
    expect(attachDecision(["p1", "p2"])).toEqual({ ok: false, reason: "ambiguous" });
    expect(attachDecision([])).toEqual({ ok: false, reason: "no_match" });
  });
});
