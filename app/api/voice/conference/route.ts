import { db } from "@/lib/db/client";
import { handleConferenceEvent } from "@/lib/calls/web/callbacks";
import { voiceWebDeps } from "@/lib/calls/web/request";

export const dynamic = "force-dynamic";

/** Twilio conference status callbacks → the call's mailbox. */
export function POST(req: Request) {
  return handleConferenceEvent(req, voiceWebDeps(db));
}
