// X-Shopify-Hmac-Sha256: base64 HMAC-SHA256 of the raw body, keyed by the app's client
// secret. X-Shopify-Webhook-Id stays the same across retries of one delivery.
import { hmacSha256, missing, requireSecret, safeEqual, unauthorized, type VerifyResult } from "@/lib/vendors/webhook";

export function signShopify(secret: string, rawBody: string): string {
  return hmacSha256(secret, rawBody, "base64");
}

export function verifyShopifyHmac(secret: string | undefined, hmac: string | undefined, rawBody: string): VerifyResult {
  const key = requireSecret(secret, "SHOPIFY_WEBHOOK_SECRET");
  if (!hmac) return missing("X-Shopify-Hmac-Sha256");
  return safeEqual(hmac, signShopify(key, rawBody)) ? { ok: true } : unauthorized("bad X-Shopify-Hmac-Sha256");
}
