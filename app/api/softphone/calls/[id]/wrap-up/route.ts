import { requireApiUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { postWrapUp } from "@/lib/softphone/web";

export const dynamic = "force-dynamic";

/** After the call: { note, outcome } saved to it; ends the staff member's wrap-up. */
export async function POST(req: Request, ctx: { params: Promise<{ id: string }> }) {
  const a = await requireApiUser(req, "softphone");
  return a.ok ? postWrapUp(req, db, a.user, (await ctx.params).id) : a.response;
}
