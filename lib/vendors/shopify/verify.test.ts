import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { signShopify, verifyShopifyHmac } from "./verify";

const SECRET = "shpss_secret";
const rawBody = JSON.stringify({ id: 820982911946154508, email: "jon@example.com" });

describe("verifyShopifyHmac", () => {
  it("signs as base64 HMAC-SHA256 of the raw body", () => {
    expect(signShopify(SECRET, rawBody)).toBe(createHmac("sha256", SECRET).update(rawBody).digest("base64"));
  });
  it("accepts a valid header", () => {
    expect(verifyShopifyHmac(SECRET, signShopify(SECRET, rawBody), rawBody)).toEqual({ ok: true });
  });
  it("refuses a tampered body or a wrong secret", () => {
    expect(verifyShopifyHmac(SECRET, signShopify(SECRET, rawBody), rawBody.replace("jon", "jan"))).toMatchObject({ ok: false, status: 401 });
    expect(verifyShopifyHmac(SECRET, signShopify("other", rawBody), rawBody).ok).toBe(false);
  });
  it("answers 401 for a missing header", () => {
    expect(verifyShopifyHmac(SECRET, undefined, rawBody)).toEqual({ ok: false, status: 401, reason: "missing X-Shopify-Hmac-Sha256" });
  });
});
