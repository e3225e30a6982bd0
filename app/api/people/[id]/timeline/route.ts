import { z } from "zod";
import { requireApiUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { getTimeline } from "@/lib/people/timeline";
import { timelineQuerySchema } from "@/lib/people/timeline-query";

export const dynamic = "force-dynamic";

/** A person's timeline page (whoever may open the person's page), keyset on (time, id). */
export async function GET(req: Request, ctx: { params: Promise<{ id: string }> }) {
  const a = await requireApiUser(req, "profile");
  if (!a.ok) return a.response;
  const { id } = await ctx.params;
  if (!z.uuid().safeParse(id).success) return Response.json({ error: "not a person id" }, { status: 400 });
  const parsed = timelineQuerySchema.safeParse(Object.fromEntries(new URL(req.url).searchParams));
  if (!parsed.success) return Response.json({ error: parsed.error.issues[0]?.message ?? "bad query" }, { status: 400 });
  return Response.json(await getTimeline(db, id, parsed.data));
}
