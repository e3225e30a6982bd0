/**
 * Twilio's callbacks about a call in progress, each stored in the call's mailbox
 * and answered at once; the actor interprets them later, in order. The dedupe
 * keys come from Twilio's own identifiers (CallSid + SequenceNumber, ConferenceSid
 * + SequenceNumber, RecordingSid + status), so a retry or a duplicate stores
 * nothing new. A callback naming a call we do not have is answered 200 and
 * dropped: retrying it would not help.
 */
import { z } from "zod";
import { twilioRecordingCallback } from "@/lib/vendors/twilio/webhooks";
import { hangupTwiml } from "../twiml";
import { enqueue, type Enqueue } from "../mailbox";
import { openInboundCall } from "../open-call";
import { emptyTwimlResponse, readVoiceRequest, twiml, unavailable, type VoiceWebDeps } from "./request";
import { TWILIO_CALL_STATUSES } from "../machine";

const callSid = z.string().regex(/^CA[0-9a-fA-F]{32}$/);
const callId = z.uuid();
/** "caller", "person" or a staff leg key (CallSid:leg:n) */
const leg = z.string().regex(/^(caller|person|CA[0-9a-fA-F]{32}:leg:\d+|OB[0-9a-f]{32}:leg:\d+)$/);
const count = z.coerce.number().int().nonnegative();

const statusCallback = z.object({
  CallSid: callSid,
  CallStatus: z.enum(TWILIO_CALL_STATUSES),
  SequenceNumber: count,
  Timestamp: z.string().min(1),
  CallDuration: count.optional(),
  From: z.string().optional(),
  To: z.string().optional(),
  Direction: z.string().optional(),
  call: callId.optional(),
  leg: leg.optional(),
});

export async function handleCallStatus(req: Request, deps: VoiceWebDeps): Promise<Response> {
  const r = await readVoiceRequest(req, statusCallback, deps);
  if (!r.ok) return r.response;
  const p = r.data;
  return store(deps, "status callback", async () => {
    // The number's own status callback (the caller's leg) carries no parameters: find the call by its CallSid.
    const target = p.call ? { id: p.call, leg: p.leg ?? "caller" } : await callerLeg(deps, p);
    if (!target) return null;
    return {
      callId: target.id,
      dedupeKey: `status:${p.CallSid}:${p.SequenceNumber}`,
      mail: {
        kind: "status",
        leg: target.leg,
        payload: { callSid: p.CallSid, status: p.CallStatus, sequenceNumber: p.SequenceNumber, timestamp: p.Timestamp, duration: p.CallDuration ?? null },
      },
    };
  });
}

/**
 * The caller's leg. A caller who hangs up while Twilio still waits for our voice webhook's
 * answer has their "completed" arrive before the PhoneCall exists: open the call from
 * this callback then (idempotent on the CallSid, so the voice webhook finds it), or the
 * actor would ring staff for a caller already gone.
 */
async function callerLeg(deps: VoiceWebDeps, p: z.infer<typeof statusCallback>): Promise<{ id: string; leg: string } | null> {
  const rows = await deps.db.$queryRaw<{ id: string }[]>`SELECT id::text FROM phone_calls WHERE call_sid = ${p.CallSid}`;
  if (rows[0]) return { id: rows[0].id, leg: "caller" };
  if (p.Direction !== "inbound" || !p.From || !p.To) return null;
  const opened = await openInboundCall(deps.db, { callSid: p.CallSid, from: p.From, to: p.To }, deps.config);
  return { id: opened.id, leg: "caller" };
}

const conferenceEvent = z.object({
  ConferenceSid: z.string().regex(/^CF[0-9a-fA-F]{32}$/),
  StatusCallbackEvent: z.string().min(1),
  SequenceNumber: count,
  CallSid: callSid.optional(),
  call: callId,
});

export async function handleConferenceEvent(req: Request, deps: VoiceWebDeps): Promise<Response> {
  const r = await readVoiceRequest(req, conferenceEvent, deps);
  if (!r.ok) return r.response;
  const p = r.data;
  return store(deps, "conference event", async () => ({
    callId: p.call,
    dedupeKey: `conference:${p.ConferenceSid}:${p.SequenceNumber}`,
    mail: {
      kind: "conference",
      leg: null,
      payload: { conferenceSid: p.ConferenceSid, event: p.StatusCallbackEvent, callSid: p.CallSid ?? null, sequenceNumber: p.SequenceNumber },
    },
  }));
}

const recording = twilioRecordingCallback.extend({ call: callId });

export async function handleRecordingStatus(req: Request, deps: VoiceWebDeps): Promise<Response> {
  const r = await readVoiceRequest(req, recording, deps);
  if (!r.ok) return r.response;
  const p = r.data;
  return store(deps, "recording status", async () => ({
    callId: p.call,
    dedupeKey: `recording:${p.RecordingSid}:${p.RecordingStatus}`,
    mail: {
      kind: "recording",
      leg: null,
      payload: { recordingSid: p.RecordingSid, recordingUrl: p.RecordingUrl, status: p.RecordingStatus, durationSec: Number(p.RecordingDuration ?? 0) },
    },
  }));
}

const voicemailDone = z.object({ CallSid: callSid, RecordingSid: z.string().optional(), call: callId });

/** The <Record> action: the caller finished (or hung up). Store it; the caller hears nothing more. */
export async function handleVoicemailDone(req: Request, deps: VoiceWebDeps): Promise<Response> {
  const r = await readVoiceRequest(req, voicemailDone, deps);
  if (!r.ok) return r.response;
  const p = r.data;
  const stored = await store(deps, "voicemail end", async () => ({
    callId: p.call,
    dedupeKey: "voicemail-done",
    mail: { kind: "voicemail_done", leg: null, payload: { recordingSid: p.RecordingSid ?? null } },
  }));
  return stored.status === 200 ? twiml(hangupTwiml()) : stored;
}

async function store(deps: VoiceWebDeps, what: string, build: () => Promise<Enqueue | null>): Promise<Response> {
  try {
    const e = await build();
    if (!e) deps.log.warn({ what }, "callback for a call we do not have; dropped");
    else await enqueue(deps.db, e);
  } catch (e) {
    return unavailable(deps, what, e);
  }
  return emptyTwimlResponse();
}
