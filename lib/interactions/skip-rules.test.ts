import { describe, expect, it } from "vitest";
import { loadSkipRules, skipReason } from "./skip-rules";

describe("skip rules", () => {
  const rules = loadSkipRules(JSON.stringify({ testNumbers: ["+61400000000"] }));
  it("skips our internal test numbers", () => {
    expect(skipReason({ kind: "phone", value: "+61400000000" }, rules)).toBe("internal test number");
    expect(skipReason({ kind: "phone", value: "+61400000001" }, rules)).toBeNull();
  });
  it("skips automated senders by default", () => {
    expect(skipReason({ kind: "email", value: "noreply@shop.example" }, rules)).toBe("automated sender");
    expect(skipReason({ kind: "email", value: "no-reply@x.example" }, rules)).toBe("automated sender");
    expect(skipReason({ kind: "email", value: "nora@x.example" }, rules)).toBeNull();
  });
  it("refuses a malformed rule set with a clear error", () => {
    expect(() => loadSkipRules(JSON.stringify({ testNumbers: "nope" }))).toThrow(/INTERACTION_SKIP_RULES is invalid/);
  });
});
