import { db } from "@/lib/db/client";
import { handleVoicemailTwiml } from "@/lib/calls/web/legs-twiml";
import { voiceWebDeps } from "@/lib/calls/web/request";

export const dynamic = "force-dynamic";

/** TwiML for a caller sent to voicemail: prompt, then <Record>. */
export function POST(req: Request) {
  return handleVoicemailTwiml(req, voiceWebDeps(db));
}
