import { db } from "@/lib/db/client";
import { handleStaffTwiml } from "@/lib/calls/web/legs-twiml";
import { voiceWebDeps } from "@/lib/calls/web/request";

export const dynamic = "force-dynamic";

/** TwiML for an answered staff leg: join the call's conference. */
export function POST(req: Request) {
  return handleStaffTwiml(req, voiceWebDeps(db));
}
