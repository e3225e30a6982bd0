import { requireApiUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { getPresence, postPresence } from "@/lib/softphone/web";

export const dynamic = "force-dynamic";

/** The signed-in staff member's presence (and the softphone's timings). */
export async function GET(req: Request) {
  const a = await requireApiUser(req, "softphone");
  return a.ok ? getPresence(db, a.user) : a.response;
}

/** Start shift / step away / go offline: { presence: available | away | offline }. */
export async function POST(req: Request) {
  const a = await requireApiUser(req, "softphone");
  return a.ok ? postPresence(req, db, a.user) : a.response;
}
