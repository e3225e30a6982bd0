import { requireApiUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { changeRole, roleChangeSchema } from "@/lib/users/manage-users";
import { readJson } from "@/lib/http/read-json";

export const dynamic = "force-dynamic";

export async function PATCH(req: Request, ctx: { params: Promise<{ id: string }> }) {
  const a = await requireApiUser(req, "users");
  if (!a.ok) return a.response;
  const body = await readJson(req, roleChangeSchema);
  if (!body.ok) return body.response;
  const { id } = await ctx.params;
  if (id === a.user.id) return Response.json({ error: "you cannot change your own role" }, { status: 400 });
  const changed = await changeRole(db, id, body.data.role);
  return changed ? Response.json({ ok: true }) : Response.json({ error: "no such user" }, { status: 404 });
}
