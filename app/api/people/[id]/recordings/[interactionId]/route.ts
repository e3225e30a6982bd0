import { z } from "zod";
import { requireApiUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { fetchRecording } from "@/lib/people/recording";

export const dynamic = "force-dynamic";

/** A call recording on the person's timeline, streamed through us (signed-in users who may open the person). */
export async function GET(req: Request, ctx: { params: Promise<{ id: string; interactionId: string }> }) {
  const a = await requireApiUser(req, "profile");
  if (!a.ok) return a.response;
  const { id, interactionId } = await ctx.params;
  if (!z.uuid().safeParse(id).success || !z.uuid().safeParse(interactionId).success) return Response.json({ error: "not an id" }, { status: 400 });
  const r = await fetchRecording(db, id, interactionId);
  return r.ok ? r.response : Response.json({ error: r.error }, { status: r.status });
}
