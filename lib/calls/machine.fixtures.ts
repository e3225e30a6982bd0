/** Test fixtures: a call driven into each state through the machine itself. */
import { newCallContext, transition, type CallContext, type CallEvent, type CallState, type TransitionResult } from "./machine";

export const CALLER = "CA00000000000000000000000000000001";
export const STAFF_SID = "CA00000000000000000000000000000002";
export const TRANSFER_SID = "CA00000000000000000000000000000003";
export const PERSON_SID = "CA00000000000000000000000000000004";
export const L1 = `${CALLER}:leg:1`;
export const L2 = `${CALLER}:leg:2`;

export interface At {
  state: CallState;
  ctx: CallContext;
}

/** Apply events in order; throws if any is unexpectedly ignored when `strict`. */
export function run(start: At, events: readonly CallEvent[], strict = true): At & { results: TransitionResult[] } {
  let at: At = start;
  const results: TransitionResult[] = [];
  for (const e of events) {
    const r = transition(at.state, e, at.ctx);
    if (strict && r.ignored) throw new Error(`ignored ${e.type} in ${at.state}`);
    results.push(r);
    at = { state: r.state, ctx: r.ctx };
  }
  return { ...at, results };
}

export function inbound(overrides: Partial<Parameters<typeof newCallContext>[0]> = {}): At {
  return { state: "ringing", ctx: newCallContext({ callSid: CALLER, direction: "inbound", ringTimeoutMs: 1000, ...overrides }) };
}

export const started: CallEvent = { type: "call_started", personId: "p1", preferredStaffId: "s1" };

/** One representative fixture per state (inbound). */
export function atState(state: CallState): At {
  const ringing = inbound();
  switch (state) {
    case "ringing":
      return ringing;
    case "finding_staff":
      return run(ringing, [started]);
    case "dialing_staff":
      return run(ringing, [
        started,
        { type: "staff_candidates_found", staffIds: ["s1", "s2"] },
        { type: "staff_leg_created", legKey: L1, callSid: STAFF_SID },
      ]);
    case "queued":
      return run(inbound({ queueMaxWaitMs: 60_000 }), [started, { type: "no_staff_available", onShift: 2 }]);
    case "conference":
      return run(atState("dialing_staff"), [{ type: "staff_leg_answered", legKey: L1 }]);
    case "voicemail":
      return run(atState("finding_staff"), [{ type: "no_staff_available" }]);
    case "completed":
      return run(atState("conference"), [{ type: "caller_hung_up" }]);
    case "failed":
      return run(atState("conference"), [{ type: "failed", reason: "twilio 500" }]);
  }
}

/** One sample of every event type, aimed at leg L1 where a leg is needed. */
export const SAMPLE_EVENTS: { [K in CallEvent["type"]]: Extract<CallEvent, { type: K }> } = {
  call_started: { type: "call_started", personId: "p1", preferredStaffId: "s1" },
  outbound_started: { type: "outbound_started", staffId: "s1", personId: "p1", to: "+15550001111" },
  staff_candidates_found: { type: "staff_candidates_found", staffIds: ["s2"] },
  no_staff_available: { type: "no_staff_available" },
  staff_leg_created: { type: "staff_leg_created", legKey: L1, callSid: STAFF_SID },
  staff_leg_answered: { type: "staff_leg_answered", legKey: L1 },
  staff_leg_declined: { type: "staff_leg_declined", legKey: L1, reason: "busy" },
  ring_timeout: { type: "ring_timeout", legKey: L1 },
  staff_hung_up: { type: "staff_hung_up", legKey: L1 },
  person_leg_created: { type: "person_leg_created", callSid: PERSON_SID },
  person_leg_answered: { type: "person_leg_answered" },
  person_leg_declined: { type: "person_leg_declined", reason: "no-answer" },
  caller_hung_up: { type: "caller_hung_up" },
  conference_ended: { type: "conference_ended" },
  recording_completed: { type: "recording_completed", recordingSid: "RE1", recordingUrl: "https://x/RE1", durationSec: 7 },
  voicemail_finished: { type: "voicemail_finished" },
  voicemail_timeout: { type: "voicemail_timeout" },
  hold_requested: { type: "hold_requested", party: "caller", hold: true },
  mute_requested: { type: "mute_requested", party: "staff", muted: true },
  transfer_requested: { type: "transfer_requested", toStaffId: "s2", mode: "warm" },
  transfer_handover: { type: "transfer_handover" },
  transfer_cancelled: { type: "transfer_cancelled" },
  hangup_requested: { type: "hangup_requested" },
  resumed: { type: "resumed", caller: "in-progress", staffLeg: "in-progress", transferLeg: null },
  failed: { type: "failed", reason: "boom" },
  staff_freed: { type: "staff_freed" },
  queue_timeout: { type: "queue_timeout" },
  queue_retry: { type: "queue_retry" },
  effect_failed: {
    type: "effect_failed",
    effect: { type: "dial_staff", key: L1, legKey: L1, staffId: "s1", conferenceName: `call-${CALLER}` },
    reason: "twilio 500",
  },
};
