import { requireApiUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { postHeartbeat } from "@/lib/softphone/web";

export const dynamic = "force-dynamic";

/** The softphone is registered ({ registered: true }) or has lost its registration. */
export async function POST(req: Request) {
  const a = await requireApiUser(req, "softphone");
  return a.ok ? postHeartbeat(req, db, a.user) : a.response;
}
