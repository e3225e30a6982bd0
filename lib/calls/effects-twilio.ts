/**
 * Effects that talk to Twilio (and the record of the call). Each is safe to run
 * twice: legs are created through ensureLeg (check before create), hang-ups and
 * redirects of a leg that is already gone are done, and the interaction's id is
 * derived from the call. A failure throws; the runner tries again later, a
 * bounded number of times (effects.ts). An effect that cannot be done yet (a
 * hold for a leg not in the conference) says "not yet" and when to look again,
 * rather than wait: the actor must stay free to hear a hang-up meanwhile.
 */
import { writeCallInteraction } from "./call-interaction";
import { isGone } from "@/lib/vendors/twilio/errors";
import { staffClientAddress, staffDialTo } from "./client-identity";
import type { CallDeps } from "./deps";
import { ensureLeg, legSid } from "./legs";
import type { CallEffect, CallEvent } from "./machine";
import { PERSON_LEG_KEY } from "./machine-step";
import { RECORDING_JOB } from "./recording-job";
import type { LoadedCall } from "./store";

export type TwilioEffect = Exclude<CallEffect, { type: "find_staff" | "set_presence" | "schedule_timeout" | "cancel_timeout" }>;

export type TwilioOutcome =
  | { kind: "done"; result: string; events: CallEvent[] }
  | { kind: "not_yet"; waitingFor: string; retryInMs: number };

const done = (result: string, events: CallEvent[] = []): TwilioOutcome => ({ kind: "done", result, events });

/** `ageMs`: how long ago the machine asked for the effect (for effects with a deadline). */
export async function runTwilio(deps: CallDeps, call: LoadedCall, e: TwilioEffect, ageMs: number): Promise<TwilioOutcome> {
  switch (e.type) {
    case "dial_staff":
      return dialStaff(deps, call, e);
    case "dial_person":
      return dialPerson(deps, call, e);
    case "hangup_leg":
      return hangup(deps, call, e);
    case "start_voicemail":
      return gone(deps.twilio.calls(e.callSid).update({ url: deps.urls.voicemail(call.id), method: "POST" }), "redirected to voicemail", "caller already gone");
    case "update_participant":
      return updateParticipant(deps, e, ageMs);
    case "record_interaction": {
      const { interactionId, written } = await writeCallInteraction(deps.db, call, e);
      if (e.recordingSid) {
        await deps.sendJob(RECORDING_JOB, { phoneCallId: call.id, recordingSid: e.recordingSid }, { singletonKey: e.recordingSid });
      }
      return done(`${written ? "wrote" : "already had"} interaction ${interactionId}`);
    }
    default: {
      const never: never = e;
      return never;
    }
  }
}

async function dialStaff(deps: CallDeps, call: LoadedCall, e: Extract<TwilioEffect, { type: "dial_staff" }>): Promise<TwilioOutcome> {
  const leg = await ensureLeg(deps, {
    callId: call.id,
    legKey: e.legKey,
    staffId: e.staffId,
    to: staffClientAddress(e.staffId),
    // the browser learns which call and leg rings; an outbound call's first leg is the caller's own phone
    dialTo: staffDialTo(e.staffId, {
      callId: call.id,
      legKey: e.legKey,
      direction: call.direction,
      autoAnswer: call.direction === "outbound" && call.actor.call.person?.answered !== true,
    }),
    // the softphone shows who is calling: the caller for inbound, our number for outbound
    from: call.direction === "inbound" ? call.fromNumber : deps.config.callerId,
    twimlUrl: deps.urls.staff(call.id, e.legKey),
    statusUrl: deps.urls.legStatus(call.id, e.legKey),
    // our ring timer decides; Twilio's timeout is only a backstop
    timeoutSec: Math.ceil(call.actor.call.ringTimeoutMs / 1000) + 10,
  });
  if (!leg.ok) return done(leg.reason, [{ type: "staff_leg_declined", legKey: e.legKey, reason: "failed" }]);
  return done(`${leg.how} ${leg.callSid}`, [{ type: "staff_leg_created", legKey: e.legKey, callSid: leg.callSid }]);
}

async function dialPerson(deps: CallDeps, call: LoadedCall, e: Extract<TwilioEffect, { type: "dial_person" }>): Promise<TwilioOutcome> {
  const leg = await ensureLeg(deps, {
    callId: call.id,
    legKey: PERSON_LEG_KEY,
    staffId: null,
    to: e.to,
    from: deps.config.callerId,
    twimlUrl: deps.urls.person(call.id),
    statusUrl: deps.urls.legStatus(call.id, PERSON_LEG_KEY),
    timeoutSec: 45,
  });
  if (!leg.ok) return done(leg.reason, [{ type: "person_leg_declined", reason: "failed" }]);
  return done(`${leg.how} ${leg.callSid}`, [{ type: "person_leg_created", callSid: leg.callSid }]);
}

async function hangup(deps: CallDeps, call: LoadedCall, e: Extract<TwilioEffect, { type: "hangup_leg" }>): Promise<TwilioOutcome> {
  const sid = e.callSid ?? (await legSid(deps.db, call.id, e.legKey));
  if (!sid) return done("leg was never created");
  // "completed" ends an answered leg and cancels one still ringing
  return gone(deps.twilio.calls(sid).update({ status: "completed" }), `hung up ${sid}`, `${sid} already ended`);
}

/** How long a hold/mute waits for its leg to join the conference (the caller may still hear the greeting), from when it was asked for. */
export const PARTICIPANT_JOIN_WAIT_MS = 15_000;
/** How soon a hold/mute whose leg has not joined yet is looked at again. */
export const PARTICIPANT_RETRY_MS = 250;
const LIVE = new Set(["queued", "initiated", "ringing", "in-progress"]);

/**
 * Hold or mute a participant. Staff can answer while the caller still hears the
 * greeting, so the caller's leg may be live but not in the conference yet: then
 * "not yet" (bounded by PARTICIPANT_JOIN_WAIT_MS from the request), rather than
 * lose the hold. A leg that has ended is done with.
 */
async function updateParticipant(deps: CallDeps, e: Extract<TwilioEffect, { type: "update_participant" }>, ageMs: number): Promise<TwilioOutcome> {
  const change = { ...(e.hold !== undefined ? { hold: e.hold } : {}), ...(e.muted !== undefined ? { muted: e.muted } : {}) };
  const [conference] = await deps.twilio.conferences.list({ friendlyName: e.conferenceName, status: "in-progress", limit: 1 });
  if (conference) {
    const r = await gone(deps.twilio.conferences(conference.sid).participants(e.callSid).update(change), "participant updated", "not in the conference");
    if (r.kind === "done" && r.result === "participant updated") return r;
  }
  const leg = await deps.twilio.calls(e.callSid).fetch().catch((err: unknown) => {
    if (isGone(err)) return null;
    throw err;
  });
  if (!leg || !LIVE.has(leg.status)) return done("leg ended");
  if (ageMs >= PARTICIPANT_JOIN_WAIT_MS) return done("leg never joined the conference");
  return { kind: "not_yet", waitingFor: "the leg to join the conference", retryInMs: Math.min(PARTICIPANT_RETRY_MS, PARTICIPANT_JOIN_WAIT_MS - ageMs) };
}

async function gone(request: Promise<unknown>, doneWith: string, alreadyGone: string): Promise<TwilioOutcome> {
  try {
    await request;
    return done(doneWith);
  } catch (err) {
    if (isGone(err)) return done(alreadyGone);
    throw err;
  }
}
