/**
 * Checks a softphone's access token the way Twilio's signalling does before it
 * registers a device: a JWT (header cty "twilio-fpa;v=1", HMAC-SHA256/384/512),
 * issued by our API key (iss) for our account (sub), signed with the key's
 * secret, not expired and not yet to come, with an identity and a voice grant
 * that allows incoming calls. Refusals carry Twilio's codes (@twilio/voice-errors:
 * 20101 invalid, 20102 header, 20103 issuer/subject, 20104 expired, 20105 not yet
 * valid, 20106 grants, 20107 signature, 20157 lifetime over 24 h).
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { isValidIdentity } from "./client-to";

export interface ApiKey {
  accountSid: string;
  apiKeySid: string;
  apiKeySecret: string;
}

export type TokenCheck = { ok: true; identity: string; exp: number } | { ok: false; code: number; message: string };

const ALGORITHMS: Record<string, string> = { HS256: "sha256", HS384: "sha384", HS512: "sha512" };
const MAX_LIFETIME_S = 86_400;

function decode(part: string | undefined): Record<string, unknown> | null {
  try {
    const v: unknown = JSON.parse(Buffer.from(part ?? "", "base64url").toString("utf8"));
    return typeof v === "object" && v !== null ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

const fail = (code: number, message: string): TokenCheck => ({ ok: false, code, message });

export function verifyAccessToken(jwt: string, key: ApiKey, nowSec = Math.floor(Date.now() / 1000)): TokenCheck {
  const parts = jwt.split(".");
  const header = decode(parts[0]);
  const payload = decode(parts[1]);
  if (parts.length !== 3 || !header || !payload) return fail(20101, "Invalid Access Token");
  const hash = ALGORITHMS[String(header.alg)];
  if (header.typ !== "JWT" || header.cty !== "twilio-fpa;v=1" || !hash) return fail(20102, "Invalid Access Token header");
  if (payload.iss !== key.apiKeySid || payload.sub !== key.accountSid) return fail(20103, "Invalid Access Token issuer/subject");
  const expected = createHmac(hash, key.apiKeySecret).update(`${parts[0]}.${parts[1]}`).digest();
  const given = Buffer.from(parts[2] ?? "", "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return fail(20107, "Invalid Access Token signature");
  const { exp, nbf, iat } = payload;
  if (typeof exp !== "number" || exp <= nowSec) return fail(20104, "Access Token expired or expiration date invalid");
  if (exp - (typeof iat === "number" ? iat : nowSec) > MAX_LIFETIME_S) return fail(20157, "Expiration Time Exceeds Maximum Time Allowed");
  if (typeof nbf === "number" && nbf > nowSec) return fail(20105, "Access Token not yet valid");
  const grants = payload.grants as { identity?: unknown; voice?: { incoming?: { allow?: unknown } } } | undefined;
  const identity = grants?.identity;
  if (typeof identity !== "string" || !isValidIdentity(identity) || grants?.voice?.incoming?.allow !== true) {
    return fail(20106, "Invalid Access Token grants");
  }
  return { ok: true, identity, exp };
}
