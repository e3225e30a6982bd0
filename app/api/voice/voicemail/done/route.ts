import { db } from "@/lib/db/client";
import { handleVoicemailDone } from "@/lib/calls/web/callbacks";
import { voiceWebDeps } from "@/lib/calls/web/request";

export const dynamic = "force-dynamic";

/** The voicemail <Record> action: note that the caller finished, then hang up. */
export function POST(req: Request) {
  return handleVoicemailDone(req, voiceWebDeps(db));
}
