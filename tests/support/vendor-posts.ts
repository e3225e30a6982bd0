// Posts a webhook body through the real route handler, signed the way each vendor signs it.
import type { Db } from "@/lib/db/client";
import { aircallWebhook, frontWebhook } from "@/lib/interactions/connectors";
import type { Connector } from "@/lib/interactions/connectors/types";
import { handleWebhook } from "@/lib/interactions/webhook-handler";
import { signAircall } from "@/lib/vendors/aircall/verify";
import { signedFrontRequest } from "@/lib/vendors/front/simulator";
import { signedTwilioRequest } from "@/lib/vendors/twilio/verify";

export const AIRCALL_TOKEN = "45XXYYZZa08";
export const FRONT_SECRET = "front-app-secret";
export const TWILIO_TOKEN = "0123456789abcdef0123456789abcdef";
const BASE = "http://localhost:3000";

export async function postAircall(db: Db, body: object): Promise<Response> {
  const req = new Request(`${BASE}/api/webhooks/aircall`, { method: "POST", headers: { "content-type": "application/json" }, body: signAircall({ ...body }, AIRCALL_TOKEN) });
  return handleWebhook(req, aircallWebhook as Connector<unknown>, AIRCALL_TOKEN, db);
}

export async function postFront(db: Db, body: object): Promise<Response> {
  const signed = signedFrontRequest(body, FRONT_SECRET, new Date());
  const req = new Request(`${BASE}/api/webhooks/front`, { method: "POST", headers: signed.headers as Record<string, string>, body: signed.rawBody });
  return handleWebhook(req, frontWebhook as Connector<unknown>, FRONT_SECRET, db);
}

export async function postTwilio(db: Db, connector: Connector<unknown>, path: string, params: Record<string, string>): Promise<Response> {
  process.env.PUBLIC_BASE_URL = BASE;
  const signed = signedTwilioRequest(TWILIO_TOKEN, `${BASE}${path}`, params);
  const req = new Request(`${BASE}${path}`, { method: "POST", headers: signed.headers as Record<string, string>, body: signed.rawBody });
  return handleWebhook(req, connector, TWILIO_TOKEN, db);
}
