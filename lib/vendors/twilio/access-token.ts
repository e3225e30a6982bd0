/**
 * Access tokens for the browser softphone: a JWT signed with an API key (the auth
 * token cannot sign them: twilio.com/docs/iam/access-tokens), carrying the
 * identity and a VoiceGrant that allows incoming calls only. Outgoing calls are
 * not granted: the call engine places them over REST and rings the staff
 * member's own phone first. Against the simulator the simulator's own API key
 * signs them and the simulator verifies them when a simulated phone registers.
 */
import twilio from "twilio";
import { z } from "zod";
import { SIM_DEFAULT_API_KEY_SECRET, SIM_DEFAULT_API_KEY_SID, twilioConfig } from "./config";

export interface VoiceTokenSettings {
  accountSid: string;
  apiKeySid: string;
  apiKeySecret: string;
  ttlSec: number;
  /** where the browser's phone registers: Twilio's signalling, or the simulator's URL as the browser reaches it */
  signalling: { kind: "twilio" } | { kind: "simulator"; url: string };
}

export type VoiceTokenSettingsResult = { ok: true; settings: VoiceTokenSettings } | { ok: false; reason: string };

const blank = (v: string | undefined) => (v === undefined || v.trim() === "" ? undefined : v);
const env = z.object({
  TWILIO_API_KEY_SID: z.string().regex(/^SK[0-9a-fA-F]{32}$/, "TWILIO_API_KEY_SID must look like SK followed by 32 hex digits").optional(),
  TWILIO_API_KEY_SECRET: z.string().min(1).optional(),
  // Twilio's limit is 24 h; ten minutes keeps a leaked token short-lived (the phone refreshes it)
  VOICE_TOKEN_TTL_S: z.coerce.number().int().min(60).max(86_400).default(600),
  TWILIO_SIM_PUBLIC_URL: z.url().optional(),
});

export function voiceTokenSettings(source: Record<string, string | undefined> = process.env): VoiceTokenSettingsResult {
  const target = twilioConfig(source);
  if (!target.ok) return target;
  const parsed = env.safeParse(Object.fromEntries(Object.keys(env.shape).map((k) => [k, blank(source[k])])));
  if (!parsed.success) return { ok: false, reason: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ") };
  const e = parsed.data;
  const { accountSid } = target.target;
  if (target.target.kind === "simulator") {
    return {
      ok: true,
      settings: {
        accountSid,
        apiKeySid: e.TWILIO_API_KEY_SID ?? SIM_DEFAULT_API_KEY_SID,
        apiKeySecret: e.TWILIO_API_KEY_SECRET ?? SIM_DEFAULT_API_KEY_SECRET,
        ttlSec: e.VOICE_TOKEN_TTL_S,
        signalling: { kind: "simulator", url: e.TWILIO_SIM_PUBLIC_URL ?? target.target.simUrl },
      },
    };
  }
  if (!e.TWILIO_API_KEY_SID || !e.TWILIO_API_KEY_SECRET) return { ok: false, reason: "set TWILIO_API_KEY_SID and TWILIO_API_KEY_SECRET to sign softphone access tokens" };
  return {
    ok: true,
    settings: { accountSid, apiKeySid: e.TWILIO_API_KEY_SID, apiKeySecret: e.TWILIO_API_KEY_SECRET, ttlSec: e.VOICE_TOKEN_TTL_S, signalling: { kind: "twilio" } },
  };
}

/** A signed token for `identity` (which the caller has checked is the signed-in staff member's own). */
export function mintVoiceAccessToken(s: VoiceTokenSettings, identity: string): { token: string; expiresAt: Date } {
  const { AccessToken } = twilio.jwt;
  const at = new AccessToken(s.accountSid, s.apiKeySid, s.apiKeySecret, { identity, ttl: s.ttlSec });
  at.addGrant(new AccessToken.VoiceGrant({ incomingAllow: true }));
  const token = at.toJwt();
  return { token, expiresAt: new Date(expOf(token) * 1000) };
}

/** The token's own exp claim (the library sets it from its clock): what expiresAt must say. */
function expOf(jwt: string): number {
  const payload = JSON.parse(Buffer.from(jwt.split(".")[1] ?? "", "base64url").toString("utf8")) as { exp?: unknown };
  if (typeof payload.exp !== "number") throw new Error("access token without exp");
  return payload.exp;
}
