import { requireApiUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { readJson } from "@/lib/http/read-json";
import { sendSms, sendSmsSchema } from "@/lib/interactions/send-sms";
import { getTwilioClient } from "@/lib/vendors/twilio/client";
import { baseUrl } from "@/lib/auth/server";

export const dynamic = "force-dynamic";

const ERRORS = {
  no_such_person: [404, "no such person"],
  no_phone: [422, "this person has no phone number"],
  no_sender: [422, "your account has no phone line to send from"],
  vendor_error: [502, "the SMS provider refused the message"],
} as const;

/** Staff text a person. */
export async function POST(req: Request, ctx: { params: Promise<{ id: string }> }) {
  const a = await requireApiUser(req, "profile");
  if (!a.ok) return a.response;
  const body = await readJson(req, sendSmsSchema);
  if (!body.ok) return body.response;
  const { id } = await ctx.params;
  if (!/^[0-9a-f-]{36}$/i.test(id)) return Response.json({ error: "not a person id" }, { status: 400 });
  const r = await sendSms(db, getTwilioClient(), {
    personId: id,
    staffUserId: a.user.id,
    body: body.data.body,
    statusCallbackUrl: `${baseUrl()}/api/webhooks/twilio/sms-status`,
    fromNumber: process.env.TWILIO_FROM_NUMBER,
  });
  if (!r.ok) {
    const [status, error] = ERRORS[r.reason];
    return Response.json({ error, detail: r.detail }, { status });
  }
  return Response.json(r, { status: 201 });
}
