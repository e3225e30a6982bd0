import { requireApiUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { findOutboundSms } from "@/lib/interactions/outbound-sms/view";

export const dynamic = "force-dynamic";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An outbound SMS's delivery status, for the timeline to follow. */
export async function GET(req: Request, ctx: { params: Promise<{ id: string; interactionId: string }> }) {
  const a = await requireApiUser(req, "profile");
  if (!a.ok) return a.response;
  const { id, interactionId } = await ctx.params;
  if (!UUID.test(id) || !UUID.test(interactionId)) return Response.json({ error: "not an id" }, { status: 400 });
  const sms = await findOutboundSms(db, id, interactionId);
  return sms ? Response.json(sms) : Response.json({ error: "no such message" }, { status: 404 });
}
