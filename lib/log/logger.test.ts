import { describe, expect, it } from "vitest";
import { redactText } from "./logger";

describe("redactText", () => {
  it("hides phone numbers and emails in free text", () => {
    expect(redactText("call from +61 412 345 678 for jane@example.com")).toBe("call from [phone] for [email]");
    expect(redactText("(02) 5017 4602")).toBe("[phone]");
  });
  it("leaves ordinary text and ids alone", () => {
    expect(redactText("call abc123 took 42 s")).toBe("call abc123 took 42 s");
    expect(redactText("person 36603edd-1253-461c-ae48-b649d4f79310")).toBe("person 36603edd-1253-461c-ae48-b649d4f79310");
    expect(redactText("CA12345678901234567890123456789012")).toBe("CA12345678901234567890123456789012");
  });
});
