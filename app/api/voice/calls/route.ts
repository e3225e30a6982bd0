import { requireApiUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { listCalls, listCallsQuery } from "@/lib/calls/list-calls";
import { voiceWebDeps } from "@/lib/calls/web/request";
import { handleStartOutbound } from "@/lib/calls/web/staff-api";

export const dynamic = "force-dynamic";

/** Recent calls, newest first (`?callSid=CA…` for one call, `?limit=`). */
export async function GET(req: Request) {
  const a = await requireApiUser(req, "softphone");
  if (!a.ok) return a.response;
  const q = listCallsQuery.safeParse(Object.fromEntries(new URL(req.url).searchParams));
  if (!q.success) return Response.json({ error: q.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ") }, { status: 400 });
  return Response.json({ calls: await listCalls(db, q.data) });
}

/** A staff member places a call: { to, personId? } → 202 { callId }. */
export async function POST(req: Request) {
  const a = await requireApiUser(req, "softphone");
  if (!a.ok) return a.response;
  return handleStartOutbound(req, voiceWebDeps(db), a.user);
}
