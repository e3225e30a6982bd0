import { describe, expect, it } from "vitest";
import { redactText } from "./logger";

describe("redactText", () => {
  it("hides phone numbers and emails in free text", () => {
    expect(redactText("call from +61 412 345 678 for jane@example.com")).toBe("call from [phone] for [email]");
    expect(redactText("(02) 5017 4602")).toBe("[phone]");
  });
  it("leaves ordinary text alone", () => {
    expect(redactText("call abc123 took 42 s")).toBe("call abc123 took 42 s");
  });
});
