/**
 * Every request to the auth routes passes here first: its body is read under a
 * small cap (auth bodies are a few hundred bytes), and an email sign-in is
 * throttled (login-throttle.ts) by the client address the front door resolved
 * (never by a header the client wrote) and by the account, before Better Auth
 * checks the password.
 */
import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { requestClientAddress } from "@/lib/http/front-door";
import { readBody } from "@/lib/http/read-body";
import { refundLoginAttempt, takeLoginAttempt, type ThrottleRules } from "./login-throttle";

const AUTH_BODY_LIMIT = 64 * 1024;
const signInBody = z.object({ email: z.string().min(1).max(320) }).loose();

export async function guardAuthRequest(req: Request, db: Db, rules: ThrottleRules, next: (req: Request) => Promise<Response>): Promise<Response> {
  if (req.method === "GET" || req.method === "HEAD") return next(req);
  const body = await readBody(req, AUTH_BODY_LIMIT);
  if (!body.ok) return body.response;
  const forward = new Request(req.url, { method: req.method, headers: req.headers, body: body.text });
  if (!new URL(req.url).pathname.endsWith("/sign-in/email")) return next(forward);

  let email: string | null = null;
  try {
    const parsed = signInBody.safeParse(JSON.parse(body.text));
    if (parsed.success) email = parsed.data.email;
  } catch {
    // not JSON: Better Auth answers it
  }
  if (email === null) return next(forward);
  const verdict = await takeLoginAttempt(db, { address: requestClientAddress(req.headers), email }, rules);
  if (!verdict.ok) {
    return Response.json(
      { error: verdict.scope === "account" ? "too many failed sign-ins for this account; try again later" : "too many failed sign-ins; try again later" },
      { status: 429, headers: { "retry-after": String(verdict.retryAfterS) } },
    );
  }
  const res = await next(forward);
  if (res.ok) await refundLoginAttempt(db, verdict.keys);
  return res;
}
