import type { Db } from "@/lib/db/client";
import { readBody } from "@/lib/http/read-body";
import { logger } from "@/lib/log/logger";
import { headerValue } from "@/lib/vendors/webhook";
import { SOURCES_SIGNATURE_HEADER, verifySourcesSignature } from "@/lib/vendors/sources/verify";
import { verifyBearer } from "./api-keys";
import { milestoneBodySchema, milestoneStatus, recordMilestones } from "./milestones";

const log = logger.child({ component: "milestones" });

type Check = { ok: true } | { ok: false; response: Response };

/**
 * Both ways milestones arrive, the same steps: raw body (capped) → authenticate (a bearer API
 * key, or the X-Switchboard-Signature HMAC of the raw body) → zod → store, idempotent on the
 * external id. Unauthenticated: 401, nothing stored. Malformed: 400 (a retry cannot help).
 * Nobody to attach it to: 422 with the reason per milestone. Database unreachable: 503.
 */
export async function receiveMilestones(req: Request, db: Db, auth: { kind: "bearer" } | { kind: "signature"; secret: string | undefined }): Promise<Response> {
  const body = await readBody(req);
  if (!body.ok) return body.response;
  let check: Check;
  try {
    check = await authenticate(req, db, body.text, auth);
  } catch (e) {
    log.error({ err: (e as Error).message }, "milestones cannot be authenticated");
    return Response.json({ error: auth.kind === "signature" ? "webhook verification is not configured" : "temporarily unavailable" }, { status: auth.kind === "signature" ? 500 : 503 });
  }
  if (!check.ok) return check.response;
  let raw: unknown;
  try {
    raw = JSON.parse(body.text);
  } catch {
    return Response.json({ error: "body is not valid JSON" }, { status: 400 });
  }
  const parsed = milestoneBodySchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
    return Response.json({ error: "invalid milestones", issues }, { status: 400 });
  }
  try {
    const results = await recordMilestones(db, parsed.data, auth.kind === "bearer" ? "api" : "webhook", process.env.DEFAULT_REGION ?? "AU");
    return Response.json({ results }, { status: milestoneStatus(results) });
  } catch (e) {
    log.error({ err: (e as Error).message }, "milestones could not be stored");
    return Response.json({ error: "temporarily unavailable" }, { status: 503, headers: { "retry-after": "5" } });
  }
}

async function authenticate(req: Request, db: Db, rawBody: string, auth: { kind: "bearer" } | { kind: "signature"; secret: string | undefined }): Promise<Check> {
  if (auth.kind === "signature") {
    const v = verifySourcesSignature(auth.secret, headerValue(req.headers, SOURCES_SIGNATURE_HEADER), rawBody);
    return v.ok ? { ok: true } : { ok: false, response: Response.json({ error: v.reason }, { status: v.status }) };
  }
  const v = await verifyBearer(db, req.headers.get("authorization"));
  if (v.ok) return { ok: true };
  const error = v.reason === "missing" ? "missing bearer API key" : "invalid or revoked API key";
  return { ok: false, response: Response.json({ error }, { status: 401, headers: { "www-authenticate": 'Bearer realm="milestones"' } }) };
}
