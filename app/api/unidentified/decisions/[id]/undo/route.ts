import { requireApiUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { undoDecision } from "@/lib/interactions/contact-decisions";
import { processOptionsFromEnv } from "@/lib/interactions/process-options";

export const dynamic = "force-dynamic";

export async function POST(req: Request, ctx: { params: Promise<{ id: string }> }) {
  const a = await requireApiUser(req, "unidentified");
  if (!a.ok) return a.response;
  const { id } = await ctx.params;
  if (!/^[0-9a-f-]{36}$/i.test(id)) return Response.json({ error: "not a decision id" }, { status: 400 });
  const r = await undoDecision(db, { resolutionId: id, actor: a.user.email }, processOptionsFromEnv());
  if ("error" in r) return Response.json({ error: r.error === "not_found" ? "no such decision" : "already undone" }, { status: r.error === "not_found" ? 404 : 409 });
  return Response.json(r);
}
