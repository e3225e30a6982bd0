// Aircall signs nothing: every webhook body carries the `token` Aircall issued when the
// webhook was created. We compare it with AIRCALL_WEBHOOK_TOKEN in constant time.
import { invalid, missing, requireSecret, safeEqual, type VerifyResult } from "@/lib/vendors/webhook";

/** The body's top-level token, if the body is a JSON object carrying a string one. */
export function aircallBodyToken(rawBody: string): string | undefined {
  try {
    const body: unknown = JSON.parse(rawBody);
    if (typeof body !== "object" || body === null) return undefined;
    const token = (body as Record<string, unknown>).token;
    return typeof token === "string" && token ? token : undefined;
  } catch {
    return undefined;
  }
}

export function verifyAircallToken(expected: string | undefined, rawBody: string): VerifyResult {
  const secret = requireSecret(expected, "AIRCALL_WEBHOOK_TOKEN");
  const token = aircallBodyToken(rawBody);
  if (!token) return missing("token in body");
  return safeEqual(token, secret) ? { ok: true } : invalid("bad webhook token");
}

/** The body as Aircall would send it: the event with the webhook's token set. */
export function signAircall(event: Record<string, unknown>, token: string): string {
  return JSON.stringify({ ...event, token });
}
