import { db } from "@/lib/db/client";
import { handleInboundVoice } from "@/lib/calls/web/inbound";
import { voiceWebDeps } from "@/lib/calls/web/request";

export const dynamic = "force-dynamic";

/** Twilio voice URL of our number: open the PhoneCall, answer with the caller's waiting TwiML. */
export function POST(req: Request) {
  return handleInboundVoice(req, voiceWebDeps(db));
}
