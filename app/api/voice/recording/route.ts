import { db } from "@/lib/db/client";
import { handleRecordingStatus } from "@/lib/calls/web/callbacks";
import { voiceWebDeps } from "@/lib/calls/web/request";

export const dynamic = "force-dynamic";

/** Twilio recording status callbacks (voicemail) → the call's mailbox. */
export function POST(req: Request) {
  return handleRecordingStatus(req, voiceWebDeps(db));
}
