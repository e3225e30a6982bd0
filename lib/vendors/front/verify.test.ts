import { describe, expect, it } from "vitest";
import { frontChallengeAnswer, signFront, verifyFrontSignature } from "./verify";

const SECRET = "front-app-secret";
const now = new Date("2026-03-01T10:00:00Z");
const timestamp = String(now.getTime());
const rawBody = JSON.stringify({ type: "inbound_received", authorization: { id: "cmp_1" }, payload: { id: "evt_1" } });
const signature = signFront(SECRET, timestamp, rawBody);
const input = { secret: SECRET, signature, timestamp, rawBody, now };

describe("verifyFrontSignature", () => {
  it("accepts base64 HMAC-SHA256 of `${timestamp}:${body}`", () => {
    expect(verifyFrontSignature(input)).toEqual({ ok: true });
  });
  it("refuses a tampered body", () => {
    expect(verifyFrontSignature({ ...input, rawBody: rawBody.replace("evt_1", "evt_2") })).toEqual({ ok: false, status: 403, reason: "bad x-front-signature" });
  });
  it("refuses a signature replayed with another timestamp", () => {
    expect(verifyFrontSignature({ ...input, timestamp: String(now.getTime() - 1000) }).ok).toBe(false);
  });
  it("refuses the wrong secret", () => {
    expect(verifyFrontSignature({ ...input, secret: "other" }).ok).toBe(false);
  });
  it("refuses a stale or far-future timestamp even when correctly signed", () => {
    const old = String(now.getTime() - 6 * 60 * 1000);
    expect(verifyFrontSignature({ ...input, timestamp: old, signature: signFront(SECRET, old, rawBody) }))
      .toEqual({ ok: false, status: 403, reason: "stale x-front-request-timestamp" });
    const future = String(now.getTime() + 6 * 60 * 1000);
    expect(verifyFrontSignature({ ...input, timestamp: future, signature: signFront(SECRET, future, rawBody) }).ok).toBe(false);
    const recent = String(now.getTime() - 4 * 60 * 1000);
    expect(verifyFrontSignature({ ...input, timestamp: recent, signature: signFront(SECRET, recent, rawBody) }).ok).toBe(true);
  });
  it("answers 401 for missing headers", () => {
    expect(verifyFrontSignature({ ...input, signature: undefined })).toMatchObject({ ok: false, status: 401 });
    expect(verifyFrontSignature({ ...input, timestamp: undefined })).toMatchObject({ ok: false, status: 401 });
  });
  it("throws when the secret is not configured", () => {
    expect(() => verifyFrontSignature({ ...input, secret: undefined })).toThrow(/FRONT_APP_SECRET/);
  });
});

describe("frontChallengeAnswer", () => {
  it("echoes the challenge with a 200", () => {
    expect(frontChallengeAnswer("abc123")).toEqual({ status: 200, contentType: "application/json", body: '{"challenge":"abc123"}' });
  });
});
