import { requireApiUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { handleVoiceToken, tokenDeps } from "@/lib/calls/web/token";

export const dynamic = "force-dynamic";

/** The signed-in staff member's softphone token: {identity?} → {token, identity, expiresAt, signalling}. */
export async function POST(req: Request) {
  const a = await requireApiUser(req, "softphone");
  if (!a.ok) return a.response;
  return handleVoiceToken(req, tokenDeps(db), a.user);
}
