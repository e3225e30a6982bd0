// Twilio voice: call status callbacks (the actor's mailbox; the final one is the interaction)
// and recording status callbacks (a recording to attach to the call they name).
import {
  twilioCallStatusCallback,
  twilioDate,
  twilioRecordingCallback,
  type TwilioCallStatus,
  type TwilioCallStatusCallback,
  type TwilioRecordingCallback,
} from "@/lib/vendors/twilio/webhooks";
import { parseFormBody, reparse } from "@/lib/capture/parse";
import { callSummary } from "./summary";
import { callParties, emptyTwiml, verifyTwilioRequest } from "./twilio-shared";
import type { InteractionConnector, InterpretOptions, ToInteractionResult } from "./types";

export const CALL_STATUS = "call.status";
export const CALL_RECORDING = "call.recording";

const OUTCOME: Partial<Record<TwilioCallStatus, string>> = {
  completed: "answered",
  busy: "busy",
  "no-answer": "no_answer",
  failed: "failed",
  canceled: "canceled",
};

export const isFinalCallStatus = (status: TwilioCallStatus) => status in OUTCOME;

export const twilioCallStatus: InteractionConnector<TwilioCallStatusCallback> = {
  name: "twilio-call-status",
  vendor: "twilio",
  ack: emptyTwiml,
  verify: verifyTwilioRequest,
  parse: (req) => parseFormBody(twilioCallStatusCallback, req.rawBody),
  interpret({ data, raw }, _req, options) {
    return {
      ok: true,
      event: {
        vendor: "twilio",
        // One event per call and status: ringing, in-progress and completed are distinct.
        vendorEventId: `${data.CallSid}:${data.CallStatus}`,
        eventType: CALL_STATUS,
        occurredAt: twilioDate(data.Timestamp),
        channel: "call",
        contact: callParties(data.From, data.To, data.Direction, options?.defaultRegion).external,
        payload: raw,
      },
    };
  },
  toInteraction(payload: unknown, options?: InterpretOptions): ToInteractionResult {
    const parsed = reparse(twilioCallStatusCallback, payload);
    if (!parsed.ok) return parsed;
    const c = parsed.data;
    const outcome = OUTCOME[c.CallStatus];
    if (!outcome) return { ok: false, reason: `call still ${c.CallStatus}: only the final status is an interaction` };
    // A child leg (the <Dial> to staff) ends with its parent, which is the customer's call.
    if (c.ParentCallSid) return { ok: false, reason: "child leg: the parent call is the interaction" };
    const parties = callParties(c.From, c.To, c.Direction, options?.defaultRegion);
    const durationSeconds = c.CallDuration === undefined ? null : Number(c.CallDuration);
    return {
      ok: true,
      interaction: {
        channel: "call",
        direction: parties.direction,
        occurredAt: twilioDate(c.Timestamp),
        contact: parties.external,
        staff: parties.staff,
        summary: callSummary(parties.direction, outcome, durationSeconds),
        call: { vendorCallId: c.CallSid, durationSeconds, outcome, recordingUrl: c.RecordingUrl ?? null },
      },
    };
  },
};

export interface RecordingDraft {
  vendorCallId: string;
  recordingSid: string;
  recordingUrl: string;
  status: TwilioRecordingCallback["RecordingStatus"];
  durationSeconds: number | null;
  startedAt: Date | null;
}

export function toRecording(payload: unknown): { ok: true; recording: RecordingDraft } | { ok: false; reason: string } {
  const parsed = reparse(twilioRecordingCallback, payload);
  if (!parsed.ok) return parsed;
  const r = parsed.data;
  return {
    ok: true,
    recording: {
      vendorCallId: r.CallSid,
      recordingSid: r.RecordingSid,
      recordingUrl: r.RecordingUrl,
      status: r.RecordingStatus,
      durationSeconds: r.RecordingDuration === undefined ? null : Number(r.RecordingDuration),
      startedAt: twilioDate(r.RecordingStartTime),
    },
  };
}

export const twilioRecording: InteractionConnector<TwilioRecordingCallback> = {
  name: "twilio-recording",
  vendor: "twilio",
  ack: emptyTwiml,
  verify: verifyTwilioRequest,
  parse: (req) => parseFormBody(twilioRecordingCallback, req.rawBody),
  interpret({ data, raw }) {
    return {
      ok: true,
      event: {
        vendor: "twilio",
        // A recording reports each status at most once (in-progress, then completed/absent/failed).
        vendorEventId: `${data.RecordingSid}:${data.RecordingStatus}`,
        eventType: CALL_RECORDING,
        occurredAt: twilioDate(data.RecordingStartTime),
        channel: "call",
        contact: null, // the call's own status callback names the parties
        payload: raw,
      },
    };
  },
  // Not an interaction of its own: use toRecording and attach it to the call's CallDetail.
  toInteraction: () => ({ ok: false, reason: "a recording attaches to its call (see toRecording)" }),
};
