import { describe, expect, it } from "vitest";
import { signSources, verifySourcesSignature } from "./verify";

const SECRET = "sources-secret";
const rawBody = '{"booking":{"id":"b1"}}';

describe("verifySourcesSignature", () => {
  it("accepts hex HMAC-SHA256 of the body, in either case", () => {
    const sig = signSources(SECRET, rawBody);
    expect(sig).toMatch(/^[0-9a-f]{64}$/);
    expect(verifySourcesSignature(SECRET, sig, rawBody)).toEqual({ ok: true });
    expect(verifySourcesSignature(SECRET, sig.toUpperCase(), rawBody)).toEqual({ ok: true });
  });
  it("refuses a tampered body", () => {
    expect(verifySourcesSignature(SECRET, signSources(SECRET, rawBody), rawBody.replace("b1", "b2"))).toMatchObject({ ok: false, status: 401 });
  });
  it("answers 401 for a missing header and throws without a secret", () => {
    expect(verifySourcesSignature(SECRET, undefined, rawBody)).toMatchObject({ ok: false, status: 401 });
    expect(() => verifySourcesSignature("", "x", rawBody)).toThrow(/SOURCES_WEBHOOK_SECRET/);
  });
});
