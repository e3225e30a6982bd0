import { requireApiUser } from "@/lib/auth/session";
import { baseUrl } from "@/lib/auth/server";
import { db } from "@/lib/db/client";
import { readJson } from "@/lib/http/read-json";
import { idempotencyKey, outboundSmsBody, recordOutboundSms } from "@/lib/interactions/outbound-sms/record";

export const dynamic = "force-dynamic";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const ERRORS = {
  no_such_person: [404, "no such person"],
  no_phone: [422, "this person has no phone number"],
  no_sender: [422, "your account has no phone line to send from"],
  key_reused: [422, "this Idempotency-Key was already used for a different message"],
} as const;

/**
 * Staff text a person: the message is recorded (pending) and the worker sends it. The
 * Idempotency-Key header makes a retried submit answer the same record (200,
 * Idempotent-Replayed) instead of sending again.
 */
export async function POST(req: Request, ctx: { params: Promise<{ id: string }> }) {
  const a = await requireApiUser(req, "profile");
  if (!a.ok) return a.response;
  const key = idempotencyKey.safeParse(req.headers.get("idempotency-key") ?? undefined);
  if (!key.success) return Response.json({ error: key.error.issues[0]?.message ?? "bad Idempotency-Key" }, { status: 400 });
  const body = await readJson(req, outboundSmsBody);
  if (!body.ok) return body.response;
  const { id } = await ctx.params;
  if (!UUID.test(id)) return Response.json({ error: "not a person id" }, { status: 400 });
  const r = await recordOutboundSms(db, {
    personId: id,
    staffUserId: a.user.id,
    idempotencyKey: key.data,
    body: body.data.body,
    statusCallbackUrl: `${baseUrl()}/api/webhooks/twilio/sms-status`,
    fromNumber: process.env.TWILIO_FROM_NUMBER,
  });
  if (!r.ok) {
    const [status, error] = ERRORS[r.reason];
    return Response.json({ error }, { status });
  }
  return r.replayed ? Response.json(r.sms, { status: 200, headers: { "Idempotent-Replayed": "true" } }) : Response.json(r.sms, { status: 201 });
}
