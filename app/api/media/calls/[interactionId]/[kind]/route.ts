import { requireApiUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { readCallMedia } from "@/lib/interactions/media/read-media";
import { postgresMediaStore } from "@/lib/interactions/media/store";

export const dynamic = "force-dynamic";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A call's recording or voicemail, for signed-in staff: our copy, else the vendor's stable link. */
export async function GET(req: Request, ctx: { params: Promise<{ interactionId: string; kind: string }> }) {
  const a = await requireApiUser(req, "profile");
  if (!a.ok) return a.response;
  const { interactionId, kind } = await ctx.params;
  if (!UUID.test(interactionId) || (kind !== "recording" && kind !== "voicemail")) return Response.json({ error: "not found" }, { status: 404 });
  const answer = await readCallMedia(db, postgresMediaStore(db), interactionId, kind);
  if (answer.kind === "media") {
    return new Response(new Uint8Array(answer.media.body), {
      headers: { "content-type": answer.media.contentType, "cache-control": "private, max-age=3600", "content-length": String(answer.media.body.length) },
    });
  }
  if (answer.kind === "redirect") return Response.redirect(answer.url, 302);
  return Response.json({ error: "no media for this call" }, { status: 404 });
}
