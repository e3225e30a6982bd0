import { db } from "@/lib/db/client";
import { handlePersonTwiml } from "@/lib/calls/web/legs-twiml";
import { voiceWebDeps } from "@/lib/calls/web/request";

export const dynamic = "force-dynamic";

/** TwiML for an answered outbound person leg: join the call's conference. */
export function POST(req: Request) {
  return handlePersonTwiml(req, voiceWebDeps(db));
}
