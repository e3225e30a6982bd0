/** Softphone access tokens: what we sign, and what the simulator accepts and refuses. */
import { createHmac } from "node:crypto";
import twilio from "twilio";
import { describe, expect, it } from "vitest";
import { mintVoiceAccessToken, voiceTokenSettings, type VoiceTokenSettings } from "./access-token";
import { SIM_DEFAULT_ACCOUNT_SID, SIM_DEFAULT_API_KEY_SECRET, SIM_DEFAULT_API_KEY_SID } from "./config";
import { verifyAccessToken } from "./simulator/access-token";

const KEY = { accountSid: SIM_DEFAULT_ACCOUNT_SID, apiKeySid: SIM_DEFAULT_API_KEY_SID, apiKeySecret: SIM_DEFAULT_API_KEY_SECRET };
const SETTINGS: VoiceTokenSettings = { ...KEY, ttlSec: 600, signalling: { kind: "simulator", url: "http://127.0.0.1:4010" } };
const IDENTITY = "staff_0f8fad5bd9cb469fa16570867728950e";
const part = (jwt: string, i: number) => JSON.parse(Buffer.from(jwt.split(".")[i] ?? "", "base64url").toString("utf8")) as Record<string, unknown>;

describe("voice access tokens", () => {
  it("grant incoming calls to the identity, for the TTL, signed with the API key secret", () => {
    const before = Math.floor(Date.now() / 1000);
    const { token, expiresAt } = mintVoiceAccessToken(SETTINGS, IDENTITY);
    const [h, p, sig] = token.split(".");
    expect(part(token, 0)).toMatchObject({ alg: "HS256", typ: "JWT", cty: "twilio-fpa;v=1" });
    const payload = part(token, 1);
    expect(payload).toMatchObject({ iss: SIM_DEFAULT_API_KEY_SID, sub: SIM_DEFAULT_ACCOUNT_SID, grants: { identity: IDENTITY, voice: { incoming: { allow: true } } } });
    expect((payload.grants as { voice: object }).voice).not.toHaveProperty("outgoing");
    expect(Number(payload.exp) - Number(payload.iat)).toBe(600);
    expect(Number(payload.iat)).toBeGreaterThanOrEqual(before);
    expect(expiresAt.getTime()).toBe(Number(payload.exp) * 1000);
    expect(createHmac("sha256", SIM_DEFAULT_API_KEY_SECRET).update(`${h}.${p}`).digest("base64url")).toBe(sig);
    expect(verifyAccessToken(token, KEY)).toEqual({ ok: true, identity: IDENTITY, exp: payload.exp });
  });

  it("the simulator refuses a forged, expired, foreign or grant-less token with Twilio's codes", () => {
    const { token } = mintVoiceAccessToken(SETTINGS, IDENTITY);
    const [h, p] = token.split(".");
    const exp = Number(part(token, 1).exp);
    expect(verifyAccessToken(`${h}.${p}.${createHmac("sha256", "guess").update(`${h}.${p}`).digest("base64url")}`, KEY)).toMatchObject({ ok: false, code: 20107 });
    expect(verifyAccessToken(token, { ...KEY, apiKeySecret: "other" })).toMatchObject({ ok: false, code: 20107 });
    expect(verifyAccessToken(token, KEY, exp)).toMatchObject({ ok: false, code: 20104 });
    expect(verifyAccessToken(token, { ...KEY, apiKeySid: `SK${"1".repeat(32)}` })).toMatchObject({ ok: false, code: 20103 });
    expect(verifyAccessToken("not.a.token", KEY)).toMatchObject({ ok: false, code: 20101 });
    const noGrant = new twilio.jwt.AccessToken(KEY.accountSid, KEY.apiKeySid, KEY.apiKeySecret, { identity: IDENTITY, ttl: 60 });
    noGrant.addGrant(new twilio.jwt.AccessToken.VoiceGrant({ outgoingApplicationSid: `AP${"0".repeat(32)}` }));
    expect(verifyAccessToken(noGrant.toJwt(), KEY)).toMatchObject({ ok: false, code: 20106 });
    const badIdentity = new twilio.jwt.AccessToken(KEY.accountSid, KEY.apiKeySid, KEY.apiKeySecret, { identity: "al-ice", ttl: 60 });
    badIdentity.addGrant(new twilio.jwt.AccessToken.VoiceGrant({ incomingAllow: true }));
    expect(verifyAccessToken(badIdentity.toJwt(), KEY)).toMatchObject({ ok: false, code: 20106 });
  });
});

describe("voiceTokenSettings", () => {
  const REAL = { TWILIO_ACCOUNT_SID: `AC${"0".repeat(32)}`, TWILIO_AUTH_TOKEN: "t" };

  it("against the simulator: its API key and URL unless others are set, and a 600 s TTL", () => {
    expect(voiceTokenSettings({ TWILIO_SIM_URL: "http://127.0.0.1:4010" })).toEqual({ ok: true, settings: SETTINGS });
    const r = voiceTokenSettings({ TWILIO_SIM_URL: "http://127.0.0.1:4010", TWILIO_SIM_PUBLIC_URL: "http://sim.test:4010", VOICE_TOKEN_TTL_S: "120" });
    expect(r.ok && r.settings).toMatchObject({ ttlSec: 120, signalling: { kind: "simulator", url: "http://sim.test:4010" } });
  });

  it("real Twilio needs an API key; a TTL outside 60 s .. 24 h is refused", () => {
    expect(voiceTokenSettings(REAL)).toMatchObject({ ok: false, reason: expect.stringContaining("TWILIO_API_KEY_SID") });
    const key = { TWILIO_API_KEY_SID: `SK${"a".repeat(32)}`, TWILIO_API_KEY_SECRET: "s" };
    expect(voiceTokenSettings({ ...REAL, ...key })).toMatchObject({ ok: true, settings: { apiKeySid: key.TWILIO_API_KEY_SID, signalling: { kind: "twilio" } } });
    expect(voiceTokenSettings({ ...REAL, ...key, VOICE_TOKEN_TTL_S: "90000" }).ok).toBe(false);
    expect(voiceTokenSettings({ ...REAL, TWILIO_API_KEY_SID: "SK1", TWILIO_API_KEY_SECRET: "s" }).ok).toBe(false);
  });
});
