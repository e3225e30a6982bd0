import { requireApiUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { getTeam } from "@/lib/softphone/web";

export const dynamic = "force-dynamic";

/** Every staff member's presence, and whether their softphone can be rung now. */
export async function GET(req: Request) {
  const a = await requireApiUser(req, "softphone");
  return a.ok ? getTeam(db) : a.response;
}
