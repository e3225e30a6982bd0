import { z } from "zod";
import { requireApiUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { smsThread } from "@/lib/softphone/sms-thread";

export const dynamic = "force-dynamic";

/** The person's SMS thread, newest last. */
export async function GET(req: Request, ctx: { params: Promise<{ id: string }> }) {
  const a = await requireApiUser(req, "softphone");
  if (!a.ok) return a.response;
  const { id } = await ctx.params;
  if (!z.uuid().safeParse(id).success) return Response.json({ error: "not a person id" }, { status: 400 });
  return Response.json({ messages: await smsThread(db, id) });
}
