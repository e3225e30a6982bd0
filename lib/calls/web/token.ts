/**
 * POST /api/voice/token: an access token for the signed-in staff member's own
 * softphone identity, nobody else's. The route has checked the session and the
 * softphone area; a user without a staff line gets 403, so does a request that
 * names another identity. Answered `no-store`: a token is a credential.
 */
import type { SessionUser } from "@/lib/auth/session";
import type { Db } from "@/lib/db/client";
import { readBody } from "@/lib/http/read-body";
import { logger, type Logger } from "@/lib/log/logger";
import { mintVoiceAccessToken, voiceTokenSettings, type VoiceTokenSettingsResult } from "@/lib/vendors/twilio/access-token";
import { staffClientIdentity } from "../client-identity";
import { staffIdForUser } from "../commands";
import { voiceTokenRequestSchema, type VoiceToken } from "../voice-token";

export interface TokenDeps {
  db: Db;
  settings: VoiceTokenSettingsResult;
  log: Logger;
}

export function tokenDeps(db: Db, env: Record<string, string | undefined> = process.env): TokenDeps {
  return { db, settings: voiceTokenSettings(env), log: logger.child({ component: "voice-token" }) };
}

const NO_STORE = { "cache-control": "no-store" };
const refuse = (status: number, error: string) => Response.json({ error }, { status, headers: NO_STORE });

export async function handleVoiceToken(req: Request, deps: TokenDeps, user: SessionUser): Promise<Response> {
  const body = await readBody(req);
  if (!body.ok) return body.response;
  let json: unknown = {};
  try {
    if (body.text.trim() !== "") json = JSON.parse(body.text);
  } catch {
    return refuse(400, "body must be JSON");
  }
  const request = voiceTokenRequestSchema.safeParse(json);
  if (!request.success) return refuse(400, request.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "));
  const staffId = await staffIdForUser(deps.db, user.id);
  if (!staffId) return refuse(403, "only staff have a softphone");
  const identity = staffClientIdentity(staffId);
  if (request.data.identity !== undefined && request.data.identity !== identity) return refuse(403, "a token is only issued for your own identity");
  if (!deps.settings.ok) {
    deps.log.error({ reason: deps.settings.reason }, "softphone tokens cannot be signed");
    return refuse(500, "softphone tokens are not configured");
  }
  const { token, expiresAt } = mintVoiceAccessToken(deps.settings.settings, identity);
  const answer: VoiceToken = { token, identity, expiresAt: expiresAt.toISOString(), signalling: deps.settings.settings.signalling };
  return Response.json(answer, { headers: NO_STORE });
}
