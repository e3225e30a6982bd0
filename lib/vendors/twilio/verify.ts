// X-Twilio-Signature: base64 HMAC-SHA1, keyed by the auth token, over the public URL Twilio
// requested followed by every POST param as name+value in name order. The twilio library's
// validateRequest does the hashing, tries the URL with and without the default port, and
// compares in constant time; what it needs from us is that exact URL and the params.
import twilio from "twilio";
import { headerValue, invalid, missing, requireSecret, type HeaderBag, type SignedRequest, type VerifyResult } from "@/lib/vendors/webhook";
import type { TwilioParams } from "./webhooks";

const firstListItem = (value: string | undefined) => value?.split(",")[0]?.trim() || undefined;

/**
 * The URL Twilio called, which is the string it signed. Behind a proxy the app sees its own
 * host, so it is rebuilt from x-forwarded-proto / x-forwarded-host (first hop) or host.
 * A configured base (PUBLIC_BASE_URL) wins: in production set it, so nobody depends on
 * the proxy's headers. Without a forwarded proto the connection reached us directly, which
 * for a Node server is plain http. Null when there is no host to build from.
 */
export function publicUrl(headers: HeaderBag, pathAndQuery: string, configuredBase?: string): string | null {
  const path = pathAndQuery.startsWith("/") ? pathAndQuery : `/${pathAndQuery}`;
  if (configuredBase) return configuredBase.replace(/\/+$/, "") + path;
  const proto = firstListItem(headerValue(headers, "x-forwarded-proto")) ?? "http";
  let host = firstListItem(headerValue(headers, "x-forwarded-host")) ?? headerValue(headers, "host")?.trim();
  if (!host) return null;
  const port = firstListItem(headerValue(headers, "x-forwarded-port"));
  const hasPort = /:\d+$/.test(host);
  const defaultPort = proto === "https" ? "443" : "80";
  if (port && !hasPort && port !== defaultPort) host = `${host}:${port}`;
  return `${proto}://${host}${path}`;
}

export interface TwilioVerifyInput {
  authToken: string | undefined;
  signature: string | undefined;
  url: string | null;
  params: TwilioParams;
}

export function verifyTwilioSignature({ authToken, signature, url, params }: TwilioVerifyInput): VerifyResult {
  const token = requireSecret(authToken, "TWILIO_AUTH_TOKEN");
  if (!signature) return missing("X-Twilio-Signature");
  if (!url) return missing("Host header");
  return twilio.validateRequest(token, signature, url, params) ? { ok: true } : invalid("bad X-Twilio-Signature");
}

/** The header Twilio would send for these params at this URL (tests and simulators). */
export function signTwilio(authToken: string, url: string, params: TwilioParams): string {
  return twilio.getExpectedTwilioSignature(authToken, url, params);
}

/**
 * Twilio's per-webhook idempotency token: the same on every retry of one webhook. We key
 * events on their SIDs and statuses instead (deterministic from the payload, and it also
 * folds a duplicate status notification into one event); this is kept for logs and tracing.
 */
export function twilioIdempotencyToken(headers: HeaderBag): string | undefined {
  return headerValue(headers, "i-twilio-idempotency-token");
}

/** A form-encoded webhook exactly as Twilio would post these params to this URL. */
export function signedTwilioRequest(authToken: string, url: string, params: Record<string, string>): SignedRequest {
  return {
    rawBody: new URLSearchParams(params).toString(),
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      "x-twilio-signature": signTwilio(authToken, url, params),
    },
  };
}
