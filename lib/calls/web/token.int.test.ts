/** POST /api/voice/token: only the signed-in staff member's own identity, verifiable by the simulator. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SessionUser } from "@/lib/auth/session";
import { logger } from "@/lib/log/logger";
import { voiceTokenSettings } from "@/lib/vendors/twilio/access-token";
import { SIM_DEFAULT_ACCOUNT_SID, SIM_DEFAULT_API_KEY_SECRET, SIM_DEFAULT_API_KEY_SID } from "@/lib/vendors/twilio/config";
import { verifyAccessToken } from "@/lib/vendors/twilio/simulator/access-token";
import { seedStaff } from "@/tests/support/call-fixtures";
import { createTestDatabase, type TestDatabase } from "@/tests/support/test-db";
import { staffClientIdentity } from "../client-identity";
import { voiceTokenSchema } from "../voice-token";
import { handleVoiceToken, type TokenDeps } from "./token";

let t: TestDatabase;
let staff: SessionUser;
let manager: SessionUser;
let staffId: string;

beforeAll(async () => {
  t = await createTestDatabase();
  [staffId] = (await seedStaff(t.db, ["Alice"])) as [string];
  const u = await t.db.user.create({ data: { id: "u-alice", name: "Alice", email: "alice@switchboard.test", role: "staff" } });
  await t.db.staff.update({ where: { id: staffId }, data: { userId: u.id } });
  staff = { id: u.id, email: u.email, name: u.name, role: "staff" };
  const m = await t.db.user.create({ data: { id: "u-mia", name: "Mia", email: "mia@switchboard.test", role: "manager" } });
  manager = { id: m.id, email: m.email, name: m.name, role: "manager" };
});
afterAll(async () => t?.drop());

const deps = (env: Record<string, string> = { TWILIO_SIM_URL: "http://127.0.0.1:4010", VOICE_TOKEN_TTL_S: "300" }): TokenDeps => ({
  db: t.db,
  settings: voiceTokenSettings(env),
  log: logger,
});
const post = (body?: unknown) =>
  new Request("http://localhost/api/voice/token", { method: "POST", headers: { "content-type": "application/json" }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });

describe("POST /api/voice/token", () => {
  it("answers the staff member's own token, no-store, which the simulator verifies", async () => {
    const res = await handleVoiceToken(post(), deps(), staff);
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const body = voiceTokenSchema.parse(await res.json());
    expect(body.identity).toBe(staffClientIdentity(staffId));
    expect(body.signalling).toEqual({ kind: "simulator", url: "http://127.0.0.1:4010" });
    const ttl = (Date.parse(body.expiresAt) - Date.now()) / 1000;
    expect(ttl).toBeGreaterThan(290);
    expect(ttl).toBeLessThanOrEqual(300);
    const key = { accountSid: SIM_DEFAULT_ACCOUNT_SID, apiKeySid: SIM_DEFAULT_API_KEY_SID, apiKeySecret: SIM_DEFAULT_API_KEY_SECRET };
    expect(verifyAccessToken(body.token, key)).toEqual({ ok: true, identity: body.identity, exp: Date.parse(body.expiresAt) / 1000 });
    expect((await handleVoiceToken(post({ identity: body.identity }), deps(), staff)).status).toBe(200);
  });

  it("refuses another identity, a user without a staff line, a malformed body, and no API key", async () => {
    expect((await handleVoiceToken(post({ identity: "staff_00000000000000000000000000000000" }), deps(), staff)).status).toBe(403);
    expect((await handleVoiceToken(post(), deps(), manager)).status).toBe(403);
    expect((await handleVoiceToken(post({ identity: 7 }), deps(), staff)).status).toBe(400);
    expect((await handleVoiceToken(post({ role: "admin" }), deps(), staff)).status).toBe(400);
    const real = deps({ TWILIO_ACCOUNT_SID: `AC${"0".repeat(32)}`, TWILIO_AUTH_TOKEN: "t" });
    const res = await handleVoiceToken(post(), real, staff);
    expect([res.status, await res.json()]).toEqual([500, { error: "softphone tokens are not configured" }]);
  });
});
