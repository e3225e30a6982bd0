/**
 * What every voice webhook does first: read the raw form body, check Twilio's
 * signature over the public URL it called, and validate with zod. Failures are
 * answered here, the way the architecture says: 401/403 and nothing stored for
 * a bad signature, 400 for a malformed body, 500 when we cannot verify at all
 * (our misconfiguration), 503 when storage fails (Twilio retries).
 */
import type { z } from "zod";
import type { Db } from "@/lib/db/client";
import { readBody } from "@/lib/http/read-body";
import { emptyTwiml } from "@/lib/interactions/connectors/twilio-shared";
import { logger, type Logger } from "@/lib/log/logger";
import { twilioConfig } from "@/lib/vendors/twilio/config";
import { publicUrl, verifyTwilioSignature } from "@/lib/vendors/twilio/verify";
import { parseTwilioForm } from "@/lib/vendors/twilio/webhooks";
import { callConfig, type CallConfig } from "../config";
import { voiceUrls, type VoiceUrls } from "../urls";

export interface VoiceWebDeps {
  db: Db;
  /** the Twilio auth token; undefined: verification is not configured (answer 500) */
  authToken: string | undefined;
  /** PUBLIC_BASE_URL when set: the URL Twilio signed is rebuilt on it */
  verifyBase: string | undefined;
  config: CallConfig;
  urls: VoiceUrls;
  log: Logger;
}

/** Deps from the environment (the Next routes); scripts and tests build their own. */
export function voiceWebDeps(db: Db, env: Record<string, string | undefined> = process.env): VoiceWebDeps {
  const twilio = twilioConfig(env);
  const config = callConfig(env);
  return {
    db,
    authToken: twilio.ok ? twilio.target.authToken : undefined,
    verifyBase: env.PUBLIC_BASE_URL || undefined,
    config,
    urls: voiceUrls(config.publicBaseUrl),
    log: logger.child({ component: "voice" }),
  };
}

export type Verified<T> = { ok: true; data: T; query: URLSearchParams } | { ok: false; response: Response };

export async function readVoiceRequest<S extends z.ZodType>(req: Request, schema: S, deps: VoiceWebDeps): Promise<Verified<z.infer<S>>> {
  const url = new URL(req.url);
  const body = await readBody(req);
  if (!body.ok) return body;
  const params = parseTwilioForm(body.text);
  if (!deps.authToken) {
    deps.log.error({ path: url.pathname }, "voice webhook cannot be verified: no Twilio auth token");
    return { ok: false, response: Response.json({ error: "webhook verification is not configured" }, { status: 500 }) };
  }
  const verdict = verifyTwilioSignature({
    authToken: deps.authToken,
    signature: req.headers.get("x-twilio-signature") ?? undefined,
    url: publicUrl(req.headers, url.pathname + url.search, deps.verifyBase),
    params,
  });
  if (!verdict.ok) {
    deps.log.warn({ path: url.pathname, reason: verdict.reason }, "voice webhook rejected");
    return { ok: false, response: Response.json({ error: verdict.reason }, { status: verdict.status }) };
  }
  const flat = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
  const parsed = schema.safeParse({ ...flat, ...Object.fromEntries(url.searchParams) });
  if (!parsed.success) {
    const reason = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    deps.log.warn({ path: url.pathname, reason }, "voice webhook malformed");
    return { ok: false, response: Response.json({ error: reason }, { status: 400 }) };
  }
  return { ok: true, data: parsed.data, query: url.searchParams };
}

export function twiml(xml: string): Response {
  return new Response(xml, { status: 200, headers: { "content-type": "text/xml" } });
}

export function emptyTwimlResponse(): Response {
  return new Response(emptyTwiml.body, { status: emptyTwiml.status, headers: { "content-type": emptyTwiml.contentType } });
}

/** Storage failed (the database is down): 503, so Twilio sends it again. */
export function unavailable(deps: VoiceWebDeps, what: string, e: unknown): Response {
  deps.log.error({ err: e instanceof Error ? e.message : String(e) }, `${what} could not be stored`);
  return Response.json({ error: "temporarily unavailable" }, { status: 503, headers: { "retry-after": "5" } });
}
