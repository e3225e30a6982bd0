// Front application webhooks: x-front-signature is base64 HMAC-SHA256, keyed by the app's
// signing secret, of `${x-front-request-timestamp}:${raw body}`; the timestamp is in
// milliseconds and a stale one is refused (replays). Saving the webhook in Front sends a
// signed `sync` request carrying x-front-challenge, to be echoed with a 200 within 10 s.
import { hmacSha256, invalid, missing, requireSecret, safeEqual, type VerifyResult } from "@/lib/vendors/webhook";

export const FRONT_TOLERANCE_MS = 5 * 60 * 1000;

export interface FrontVerifyInput {
  secret: string | undefined;
  signature: string | undefined;
  timestamp: string | undefined;
  rawBody: string;
  now: Date;
  toleranceMs?: number;
}

export function signFront(secret: string, timestamp: string | number, rawBody: string): string {
  return hmacSha256(secret, `${timestamp}:${rawBody}`, "base64");
}

export function verifyFrontSignature(input: FrontVerifyInput): VerifyResult {
  const secret = requireSecret(input.secret, "FRONT_APP_SECRET");
  if (!input.signature) return missing("x-front-signature");
  if (!input.timestamp) return missing("x-front-request-timestamp");
  if (!/^\d+$/.test(input.timestamp)) return invalid("x-front-request-timestamp is not a number");
  if (!safeEqual(input.signature, signFront(secret, input.timestamp, input.rawBody))) {
    return invalid("bad x-front-signature");
  }
  const skew = Math.abs(input.now.getTime() - Number(input.timestamp));
  return skew > (input.toleranceMs ?? FRONT_TOLERANCE_MS) ? invalid("stale x-front-request-timestamp") : { ok: true };
}

/** The answer to Front's validation request: 200 echoing the challenge (JSON is one accepted form). */
export function frontChallengeAnswer(challenge: string) {
  return { status: 200, contentType: "application/json", body: JSON.stringify({ challenge }) };
}
