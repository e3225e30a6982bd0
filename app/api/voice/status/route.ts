import { db } from "@/lib/db/client";
import { handleCallStatus } from "@/lib/calls/web/callbacks";
import { voiceWebDeps } from "@/lib/calls/web/request";

export const dynamic = "force-dynamic";

/** Twilio call status callbacks (the caller's leg, staff legs, the outbound person leg) → the call's mailbox. */
export function POST(req: Request) {
  return handleCallStatus(req, voiceWebDeps(db));
}
