import { requireApiUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { getPop } from "@/lib/softphone/web";

export const dynamic = "force-dynamic";

/** The screen pop of a call: everyone who owns the number, their orders, bookings, conversations and notes. */
export async function GET(req: Request, ctx: { params: Promise<{ id: string }> }) {
  const a = await requireApiUser(req, "softphone");
  return a.ok ? getPop(db, (await ctx.params).id) : a.response;
}
