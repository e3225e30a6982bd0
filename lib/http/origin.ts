/**
 * Cookie-authenticated POSTs must come from our own pages. Browsers send
 * Origin on cross-site POSTs; we accept a request whose Origin (or, failing
 * that, Referer) has the same host as the request itself.
 */
export function isSameOrigin(req: Request): boolean {
  const host = req.headers.get("x-forwarded-host") ?? req.headers.get("host");
  if (!host) return false;
  const origin = req.headers.get("origin") ?? req.headers.get("referer");
  if (!origin) return false;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}
