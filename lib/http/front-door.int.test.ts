import { request as httpRequest } from "node:http";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createUser } from "@/lib/users/manage-users";
import { guardAuthRequest } from "@/lib/auth/sign-in-guard";
import type { ThrottleRules } from "@/lib/auth/login-throttle";
import { twilioSmsInbound } from "@/lib/interactions/connectors";
import type { Connector } from "@/lib/interactions/connectors/types";
import { handleWebhook } from "@/lib/interactions/webhook-handler";
import { signTwilio } from "@/lib/vendors/twilio/verify";
import { startFrontDoorServer, type FrontDoorServer } from "@/tests/support/front-door-server";
import { createTestDatabase, type TestDatabase } from "@/tests/support/test-db";
import { parseTrustedProxies } from "./client-address";
import type { FrontDoorConfig } from "./front-door";

/**
 * Real HTTP through the front door: the login throttle cannot be dodged with a
 * forged X-Forwarded-For, holds under a parallel burst, and budgets accounts as
 * well as addresses; an oversized body is refused, stored nowhere, and costs no memory.
 */
const TOKEN = "front-door-twilio-token";
const RULES: ThrottleRules = { address: { max: 5, windowS: 60 }, account: { max: 8, windowS: 900 } };

describe("front door", () => {
  let t: TestDatabase;
  let server: FrontDoorServer;
  let proxied: FrontDoorServer;
  let auth: typeof import("@/lib/auth/server").auth;

  const config = (trusted: string): FrontDoorConfig => {
    const p = parseTrustedProxies(trusted);
    if (!p.ok) throw new Error(p.problem);
    return { trusted: p.value, maxBodyBytes: 1024 * 1024 };
  };

  beforeAll(async () => {
    t = await createTestDatabase();
    process.env.DATABASE_URL = t.url;
    process.env.PUBLIC_BASE_URL = "http://localhost:3000";
    ({ auth } = await import("@/lib/auth/server"));
    await createUser(t.db, { name: "Olive", email: "olive@example.com", password: "correct-horse", role: "ops" });
    const routes = {
      "/api/auth/sign-in/email": (req: Request) => guardAuthRequest(req, t.db, RULES, (r) => auth().handler(r)),
      "/api/webhooks/twilio/sms": (req: Request) => handleWebhook(req, twilioSmsInbound as Connector<unknown>, TOKEN, t.db),
    };
    server = await startFrontDoorServer(routes, config(""));
    proxied = await startFrontDoorServer(routes, config("1"));
  });
  afterAll(async () => {
    await server?.close();
    await proxied?.close();
    await t?.drop();
  });
  beforeEach(async () => {
    await t.db.$executeRawUnsafe("DELETE FROM login_attempts");
  });

  const signIn = (base: string, email: string, password: string, forwardedFor?: string) =>
    fetch(`${base}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: "http://localhost:3000", ...(forwardedFor ? { "x-forwarded-for": forwardedFor } : {}) },
      body: JSON.stringify({ email, password }),
    }).then((r) => r.status);

  it("a new X-Forwarded-For per attempt buys no extra guesses when no proxy is trusted", async () => {
    const statuses = [];
    for (let i = 0; i < 12; i++) statuses.push(await signIn(server.url, `nobody${i}@example.com`, "wrong-password", `203.0.113.${i}`));
    expect(statuses.filter((s) => s === 401)).toHaveLength(RULES.address.max);
    expect(statuses.slice(RULES.address.max).every((s) => s === 429)).toBe(true);
  });

  it("a burst of 50 parallel wrong passwords gets at most the budget checked", async () => {
    const statuses = await Promise.all(Array.from({ length: 50 }, (_, i) => signIn(server.url, `burst${i}@example.com`, "wrong-password")));
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(RULES.address.max);
    expect(statuses.filter((s) => s === 401 || s === 429)).toHaveLength(50);
  });

  it("behind one trusted proxy, each real client has its own budget, and one account has a budget across all of them", async () => {
    // our proxy appends the peer it saw; the client's own forged entry comes before it
    const fromClient = (i: number) => `6.6.6.6, 198.51.100.${i}`;
    expect(await signIn(proxied.url, "a@example.com", "wrong-password", fromClient(1))).toBe(401);
    expect(await signIn(proxied.url, "b@example.com", "wrong-password", fromClient(2))).toBe(401);
    // one account, a new address every time: the account budget still runs out
    const statuses = [];
    for (let i = 10; i < 20; i++) statuses.push(await signIn(proxied.url, "olive@example.com", "wrong-password", fromClient(i)));
    expect(statuses.filter((s) => s === 401)).toHaveLength(RULES.account.max);
    expect(statuses.slice(RULES.account.max)).toEqual([429, 429]);
  });

  it("a successful sign-in gives its units back", async () => {
    for (let i = 0; i < 10; i++) expect(await signIn(server.url, "olive@example.com", "correct-horse")).toBe(200);
    expect(await signIn(server.url, "olive@example.com", "wrong-password")).toBe(401);
  });

  it("a 30 MB webhook body is refused with 413, declared or chunked, and nothing is stored", async () => {
    const before = await t.db.incomingEvent.count();
    const rss0 = process.memoryUsage().rss;
    for (const chunked of [false, true]) {
      const status = await new Promise<number>((resolve, reject) => {
        const req = httpRequest(`${server.url}/api/webhooks/twilio/sms`, {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": "x", ...(chunked ? {} : { "content-length": String(30 * 1024 * 1024) }) },
        });
        req.on("response", (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on("error", reject);
        const chunk = Buffer.alloc(64 * 1024, 0x61);
        let sent = 0;
        const pump = () => {
          while (sent < 480) {
            sent += 1;
            if (!req.write(chunk)) return void req.once("drain", pump);
          }
          req.end();
        };
        req.on("socket", () => pump());
      }).catch(() => 413); // the server may close the socket before we finish writing: that is the refusal
      expect(status).toBe(413);
    }
    expect(await t.db.incomingEvent.count()).toBe(before);
    // nothing like 30 MB was held (the test process also runs the server)
    expect(process.memoryUsage().rss - rss0).toBeLessThan(20 * 1024 * 1024);
  });

  it("a signed webhook under the cap is stored as before", async () => {
    const params = { MessageSid: `SM${"1".repeat(32)}`, AccountSid: `AC${"0".repeat(32)}`, From: "+61412345678", To: "+61280000000", Body: "hello" };
    const signature = signTwilio(TOKEN, "http://localhost:3000/api/webhooks/twilio/sms", params);
    const res = await fetch(`${server.url}/api/webhooks/twilio/sms`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": signature },
      body: new URLSearchParams(params).toString(),
    });
    expect(res.status).toBe(200);
    expect(await t.db.incomingEvent.count({ where: { vendorEventId: { contains: params.MessageSid } } })).toBe(1);
  });
});
