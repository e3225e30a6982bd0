// Our own scheme for the booking sources (SimplyBookMe via our relay, AppointJet):
// X-Switchboard-Signature is the hex HMAC-SHA256 of the raw body with SOURCES_WEBHOOK_SECRET.
import { hmacSha256, missing, requireSecret, safeEqual, unauthorized, type VerifyResult } from "@/lib/vendors/webhook";

export const SOURCES_SIGNATURE_HEADER = "x-switchboard-signature";

export function signSources(secret: string, rawBody: string): string {
  return hmacSha256(secret, rawBody, "hex");
}

export function verifySourcesSignature(secret: string | undefined, signature: string | undefined, rawBody: string): VerifyResult {
  const key = requireSecret(secret, "SOURCES_WEBHOOK_SECRET");
  if (!signature) return missing("X-Switchboard-Signature");
  return safeEqual(signature.toLowerCase(), signSources(key, rawBody)) ? { ok: true } : unauthorized("bad X-Switchboard-Signature");
}
