import { requireApiUser } from "@/lib/auth/session";
import { identityPool } from "@/lib/identity/db/sql";
import { listPossibleMatches } from "@/lib/identity/db/review-queue";

export const dynamic = "force-dynamic";

/** Ops and up: pending possible matches, most probable first, a keyset page at a time. */
export async function GET(req: Request) {
  const a = await requireApiUser(req, "review");
  if (!a.ok) return a.response;
  const qs = new URL(req.url).searchParams;
  const limit = Math.min(Math.max(Number(qs.get("limit") ?? 25) || 25, 1), 100);
  return Response.json(await listPossibleMatches(identityPool(), { cursor: qs.get("cursor") ?? undefined, limit }));
}
