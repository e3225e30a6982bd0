import type { Db } from "@/lib/db/client";
import { twilioConfig, type TwilioTarget } from "@/lib/vendors/twilio/config";

export type RecordingResult = { ok: true; response: Response } | { ok: false; status: 404 | 502 | 503; error: string };

/**
 * A call's recording, fetched from Twilio (or its simulator) with our credentials and
 * passed through, so the browser never sees a Twilio URL or credential. Only a recording of
 * the person's own call, and only from the configured Twilio origin (the stored URL came
 * from a signed callback, but we fetch nothing else with our credentials).
 */
export async function fetchRecording(db: Db, personId: string, interactionId: string, target: TwilioConfigTarget = currentTarget()): Promise<RecordingResult> {
  const detail = await db.callDetail.findFirst({ where: { interactionId, interaction: { personId } }, select: { recordingUrl: true } });
  if (!detail?.recordingUrl) return { ok: false, status: 404, error: "no recording" };
  if (!target) return { ok: false, status: 503, error: "Twilio is not configured" };
  const url = new URL(detail.recordingUrl);
  const allowed = target.kind === "simulator" ? new URL(target.simUrl).origin : "https://api.twilio.com";
  if (url.origin !== allowed) return { ok: false, status: 404, error: "recording is not at Twilio" };
  const media = await fetch(`${url.href.replace(/\.(mp3|wav)$/, "")}.mp3`, {
    headers: { authorization: `Basic ${Buffer.from(`${target.accountSid}:${target.authToken}`).toString("base64")}` },
    signal: AbortSignal.timeout(10_000),
  }).catch(() => null);
  if (!media?.ok || !media.body) return { ok: false, status: 502, error: `Twilio answered ${media?.status ?? "nothing"}` };
  return {
    ok: true,
    response: new Response(media.body, { headers: { "content-type": media.headers.get("content-type") ?? "audio/mpeg", "cache-control": "private, no-store" } }),
  };
}

type TwilioConfigTarget = TwilioTarget | null;

function currentTarget(): TwilioConfigTarget {
  const c = twilioConfig();
  return c.ok ? c.target : null;
}
