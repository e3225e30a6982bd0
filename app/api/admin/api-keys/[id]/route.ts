import { z } from "zod";
import { requireApiUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { revokeApiKey } from "@/lib/analytics/api-keys";

export const dynamic = "force-dynamic";

/** Revoke: the key stops working at once; the row stays for the record. */
export async function DELETE(req: Request, ctx: { params: Promise<{ id: string }> }) {
  const a = await requireApiUser(req, "users");
  if (!a.ok) return a.response;
  const { id } = await ctx.params;
  if (!z.uuid().safeParse(id).success) return Response.json({ error: "no such key" }, { status: 404 });
  return (await revokeApiKey(db, id)) ? Response.json({ ok: true }) : Response.json({ error: "no such key" }, { status: 404 });
}
