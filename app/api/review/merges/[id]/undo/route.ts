import { z } from "zod";
import { requireApiUser } from "@/lib/auth/session";
import { identityPool } from "@/lib/identity/db/sql";
import { undoUnmerge } from "@/lib/identity/db/undo-unmerge";

export const dynamic = "force-dynamic";

const STATUS = { not_found: 404, not_an_unmerge: 409, already_undone: 409, person_gone: 409 } as const;

/** Ops and up: undo an ops un-merge (the split-off person merges back), audited. */
export async function POST(req: Request, ctx: { params: Promise<{ id: string }> }) {
  const auth = await requireApiUser(req, "review");
  if (!auth.ok) return auth.response;
  const { id } = await ctx.params;
  if (!z.uuid().safeParse(id).success) return Response.json({ error: "not a merge audit id" }, { status: 400 });
  const result = await undoUnmerge(identityPool(), { auditId: id, actor: auth.user.email });
  return result.ok ? Response.json(result) : Response.json({ error: result.reason }, { status: STATUS[result.reason] });
}
