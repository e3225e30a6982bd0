/** How a Twilio REST call failed, as the `twilio` library reports it: shared by every sender of Twilio requests. */

/** A Twilio REST error as the `twilio` library throws it (RestException); null for network failures. */
export function twilioError(e: unknown): { status: number; code: number | null } | null {
  if (typeof e !== "object" || e === null || !("status" in e) || typeof e.status !== "number") return null;
  const code = "code" in e && typeof e.code === "number" ? e.code : null;
  return { status: e.status, code };
}

/** 404 (no such call/participant) or 21220 (call not in progress): the thing is already gone. */
export function isGone(e: unknown): boolean {
  const t = twilioError(e);
  return t !== null && (t.status === 404 || t.code === 21220);
}

/** A 4xx other than 429: asking again will not help. */
export function isPermanent(e: unknown): boolean {
  const t = twilioError(e);
  return t !== null && t.status >= 400 && t.status < 500 && t.status !== 429;
}
