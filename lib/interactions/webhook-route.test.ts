import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { POST as frontPOST } from "@/app/api/webhooks/front/route";
import { POST as smsPOST } from "@/app/api/webhooks/twilio/sms/route";
import { frontChallengeRequest } from "@/lib/vendors/front/simulator";
import { signTwilio } from "@/lib/vendors/twilio/verify";
import type { WebhookRoute } from "./webhook-route";

const BASE = "https://switchboard.example";
const saved = { ...process.env };
beforeEach(() => {
  process.env.TWILIO_AUTH_TOKEN = "route-test-token";
  process.env.FRONT_APP_SECRET = "route-test-front-secret";
  process.env.PUBLIC_BASE_URL = BASE;
  // none of these answers stores anything: a pool to nowhere proves it (it connects only on a query)
  process.env.DATABASE_URL = "postgres://127.0.0.1:1/nowhere";
});
afterEach(() => {
  process.env = { ...saved };
});

/** The same request both ways: the route handler (Fetch) and its plain `answer` (the lane). */
async function bothWays(route: WebhookRoute, path: string, headers: Record<string, string>, rawBody: string) {
  const viaFetch = await route(new Request(`http://localhost${path}`, { method: "POST", headers, body: rawBody }));
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  const plain = await route.answer({ headers: lower, rawBody, pathAndQuery: path });
  return {
    fetch: { status: viaFetch.status, contentType: viaFetch.headers.get("content-type"), body: await viaFetch.text() },
    plain: { status: plain.status, contentType: plain.contentType, body: plain.body },
  };
}

describe("a vendor webhook route answers the same as a route handler and through the lane", () => {
  const params = { MessageSid: "SM0123456789abcdef0123456789abcdef", AccountSid: "AC00000000000000000000000000000000", From: "+61412345678", To: "+61280009999", Body: "hi" };
  const form = new URLSearchParams(params).toString();
  const path = "/api/webhooks/twilio/sms";

  it("a bad signature", async () => {
    const { fetch, plain } = await bothWays(smsPOST, path, { "content-type": "application/x-www-form-urlencoded", "X-Twilio-Signature": "bad" }, form);
    expect(fetch.status).toBe(403);
    expect(plain).toEqual(fetch);
  });

  it("a signed body that is not a Twilio message", async () => {
    const broken = { AccountSid: params.AccountSid, Body: "no sid" };
    const sig = signTwilio("route-test-token", `${BASE}${path}`, broken);
    const { fetch, plain } = await bothWays(smsPOST, path, { "content-type": "application/x-www-form-urlencoded", "X-Twilio-Signature": sig }, new URLSearchParams(broken).toString());
    expect(fetch.status).toBe(400);
    expect(plain).toEqual(fetch);
  });

  it("Front's validation challenge", async () => {
    const req = frontChallengeRequest("route-test-front-secret", "cmp_1", "c-42", new Date());
    const { fetch, plain } = await bothWays(frontPOST, "/api/webhooks/front", req.headers, req.rawBody);
    expect(fetch).toEqual({ status: 200, contentType: "application/json", body: '{"challenge":"c-42"}' });
    expect(plain).toEqual(fetch);
  });
});
