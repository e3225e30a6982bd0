import { describe, expect, it } from "vitest";
import { signAircall, verifyAircallToken } from "./verify";

const TOKEN = "45XXYYZZa08";
const event = { resource: "call", event: "call.created", timestamp: 1_772_359_200, data: { id: 812 } };

describe("verifyAircallToken", () => {
  it("accepts the body's token when it equals AIRCALL_WEBHOOK_TOKEN", () => {
    expect(verifyAircallToken(TOKEN, signAircall(event, TOKEN))).toEqual({ ok: true });
  });
  it("refuses a wrong token of the same or another length", () => {
    expect(verifyAircallToken(TOKEN, signAircall(event, "45XXYYZZa09"))).toEqual({ ok: false, status: 403, reason: "bad webhook token" });
    expect(verifyAircallToken(TOKEN, signAircall(event, "short")).ok).toBe(false);
  });
  it("answers 401 when the body carries no token", () => {
    expect(verifyAircallToken(TOKEN, JSON.stringify(event))).toMatchObject({ ok: false, status: 401 });
    expect(verifyAircallToken(TOKEN, "not json")).toMatchObject({ ok: false, status: 401 });
    expect(verifyAircallToken(TOKEN, JSON.stringify({ ...event, token: 42 }))).toMatchObject({ ok: false, status: 401 });
  });
  it("throws when the token is not configured", () => {
    expect(() => verifyAircallToken(undefined, signAircall(event, TOKEN))).toThrow(/AIRCALL_WEBHOOK_TOKEN/);
  });
});
