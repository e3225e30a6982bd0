import { z } from "zod";
import { requireApiUser } from "@/lib/auth/session";
import { identityPool } from "@/lib/identity/db/sql";
import { listRecentMerges } from "@/lib/identity/db/review-queue";

export const dynamic = "force-dynamic";

const query = z.object({
  action: z.enum(["merge", "attach", "split", "unmerge", "detach"]).optional(),
  by: z.enum(["engine", "ops"]).optional(),
  person: z.uuid().optional(),
});

/** Ops and up: recent merges and un-merges, newest first, filtered by action, who did it, or person. */
export async function GET(req: Request) {
  const a = await requireApiUser(req, "review");
  if (!a.ok) return a.response;
  const parsed = query.safeParse(Object.fromEntries(new URL(req.url).searchParams));
  if (!parsed.success) return Response.json({ error: parsed.error.issues[0]?.message ?? "bad query" }, { status: 400 });
  return Response.json({ merges: await listRecentMerges(identityPool(), { action: parsed.data.action, by: parsed.data.by, personId: parsed.data.person }) });
}
