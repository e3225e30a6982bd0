import { requireApiUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { voiceWebDeps } from "@/lib/calls/web/request";
import { handleCallCommand } from "@/lib/calls/web/staff-api";

export const dynamic = "force-dynamic";

/** hold | mute | transfer | handover | cancel-transfer | hangup on a live call → 202, applied by the call's actor. */
export async function POST(req: Request, ctx: { params: Promise<{ id: string; command: string }> }) {
  const a = await requireApiUser(req, "softphone");
  if (!a.ok) return a.response;
  const { id, command } = await ctx.params;
  return handleCallCommand(req, voiceWebDeps(db), a.user, id, command);
}
