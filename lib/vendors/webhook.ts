// Small, framework-free pieces every vendor's webhook verification and simulator share.
import { createHash, createHmac, timingSafeEqual } from "node:crypto";

/** Headers as a Fetch `Headers` (Next.js route handlers) or a Node-style record. */
export type HeaderBag = Headers | Record<string, string | string[] | undefined>;

/** One header's value, case-insensitively; the first when a Node record holds several. */
export function headerValue(headers: HeaderBag, name: string): string | undefined {
  if (typeof Headers !== "undefined" && headers instanceof Headers) {
    return headers.get(name) ?? undefined;
  }
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers as Record<string, string | string[] | undefined>)) {
    if (key.toLowerCase() !== wanted) continue;
    return Array.isArray(value) ? value[0] : value;
  }
  return undefined;
}

export type VerifyResult = { ok: true } | { ok: false; status: 401 | 403; reason: string };

export const missing = (what: string): VerifyResult => ({ ok: false, status: 401, reason: `missing ${what}` });
export const invalid = (reason: string): VerifyResult => ({ ok: false, status: 403, reason });
/** A bad signature answered 401 Unauthorized, as Shopify documents for its HMAC (and our sources follow). */
export const unauthorized = (reason: string): VerifyResult => ({ ok: false, status: 401, reason });

/**
 * Constant-time string equality. Both sides are hashed first so the buffers handed to
 * timingSafeEqual always have equal length: a length mismatch leaks nothing and never throws.
 */
export function safeEqual(a: string, b: string): boolean {
  const da = createHash("sha256").update(a, "utf8").digest();
  const db = createHash("sha256").update(b, "utf8").digest();
  return timingSafeEqual(da, db);
}

export function hmacSha256(secret: string, data: string, encoding: "base64" | "hex"): string {
  return createHmac("sha256", secret).update(data, "utf8").digest(encoding);
}

/** Misconfiguration is an outage, not a bad request: fail loudly so the route answers 5xx. */
export function requireSecret(secret: string | undefined, name: string): string {
  if (!secret) throw new Error(`${name} is not configured`);
  return secret;
}

/** A webhook as a simulator sends it: exactly these bytes, with these headers. */
export interface SignedRequest {
  headers: Record<string, string>;
  rawBody: string;
}

export interface PostResult {
  status: number;
  body: string;
}

/** POST a signed request to a URL (simulators and dev scripts). */
export async function postWebhook(url: string, request: SignedRequest, timeoutMs = 10_000): Promise<PostResult> {
  const res = await fetch(url, {
    method: "POST",
    headers: request.headers,
    body: request.rawBody,
    signal: AbortSignal.timeout(timeoutMs),
  });
  return { status: res.status, body: await res.text() };
}
