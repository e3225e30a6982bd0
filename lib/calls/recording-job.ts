/**
 * Recording processing, as a job (pg-boss), never inside a webhook or the actor:
 * ask Twilio for the recording's own metadata (its duration and media link, not
 * what the callback claimed) and put them on the call's CallDetail.
 */
import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { defineJob } from "@/lib/jobs/define-job";
import { getTwilioClient, type TwilioClient } from "@/lib/vendors/twilio/client";
import { interactionIdFor } from "./call-interaction";

export const RECORDING_JOB = "calls.recording";

const payload = z.object({ phoneCallId: z.uuid(), recordingSid: z.string().regex(/^RE[0-9a-fA-F]{32}$/) });
export type RecordingJob = z.infer<typeof payload>;

export async function processRecording(db: Db, twilio: TwilioClient, job: RecordingJob): Promise<{ url: string; durationSec: number | null }> {
  const r = await twilio.recordings(job.recordingSid).fetch();
  const url = r.mediaUrl;
  const seconds = Number(r.duration);
  const durationSec = Number.isFinite(seconds) && seconds >= 0 ? seconds : null;
  const n = await db.$executeRaw`
    UPDATE call_details SET recording_url = ${url}, duration_seconds = COALESCE(${durationSec}::int, duration_seconds)
     WHERE interaction_id = ${interactionIdFor(job.phoneCallId)}::uuid`;
  // The job is sent after the interaction is written; without it something is wrong: fail so pg-boss retries.
  if (n !== 1) throw new Error(`no call interaction for ${job.phoneCallId} yet`);
  return { url, durationSec };
}

export const recordingJob = defineJob({
  name: RECORDING_JOB,
  schema: payload,
  handler: async (data, { db, log }) => {
    const r = await processRecording(db, getTwilioClient(), data);
    log.info({ phoneCallId: data.phoneCallId, durationSec: r.durationSec }, "recording processed");
  },
});
