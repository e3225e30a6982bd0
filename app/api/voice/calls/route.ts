import { requireApiUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { voiceWebDeps } from "@/lib/calls/web/request";
import { handleStartOutbound } from "@/lib/calls/web/staff-api";

export const dynamic = "force-dynamic";

/** A staff member places a call: { to, personId? } → 202 { callId }. */
export async function POST(req: Request) {
  const a = await requireApiUser(req, "softphone");
  if (!a.ok) return a.response;
  return handleStartOutbound(req, voiceWebDeps(db), a.user);
}
