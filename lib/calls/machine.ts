/**
 * The call state machine: transition(state, event, ctx) → { state, ctx, effects }.
 * Pure. The actor persists the result (PhoneCall + CallTransition) before it runs
 * the effects; effects carry idempotency keys so running them twice is safe.
 *
 * Inbound:  ringing → finding_staff → dialing_staff → conference → completed
 *                      ↑      (decline / timeout)  ↓
 *                      └──────────────────────────┘    no one left → voicemail → completed
 *           everyone on shift busy: finding_staff → queued (hold audio) → finding_staff when
 *           someone is free, or → voicemail when the wait is over (machine-queue.ts)
 * Outbound: ringing → dialing_staff (staff's own leg) → conference (person's leg
 *           rings, then talks) → completed. Any active state → failed on `failed`.
 * An effect the runner gave up on (`effect_failed`) has a safe end per effect
 * type (machine-effect-failed.ts).
 * Terminal states never regress: events there are recorded and ignored, except
 * that a staff/person leg reported alive after the end is hung up.
 */
import { conferenceEvent } from "./machine-conference";
import { findStaff, noStaffAvailable, queueEvent, toVoicemail } from "./machine-queue";
import { effectFailed } from "./machine-effect-failed";
import { resume } from "./machine-resume";
import { PERSON_LEG_KEY, Step, ignored, queueWaitKey, ringTimerKey, voicemailTimerKey } from "./machine-step";
import type {
  ActiveState,
  CallContext,
  CallEvent,
  CallState,
  TerminalState,
  TransitionResult,
} from "./machine-types";

export * from "./machine-types";

export function transition(state: CallState, event: CallEvent, ctx: CallContext): TransitionResult {
  switch (state) {
    case "completed":
    case "failed":
      return afterEnd(state, event, ctx);
    case "ringing":
    case "finding_staff":
    case "dialing_staff":
    case "queued":
    case "conference":
    case "voicemail":
      return active(state, event, ctx);
    default:
      return assertNever(state);
  }
}

export function assertNever(value: never): never {
  throw new Error(`unhandled: ${JSON.stringify(value)}`);
}

/**
 * Terminal: nothing changes, but a leg that comes alive after the end (the runner
 * created it late) must not keep ringing a phone. A leg finish() already hung up
 * is not hung up twice.
 */
function afterEnd(state: TerminalState, event: CallEvent, ctx: CallContext): TransitionResult {
  const late = lateLeg(event, ctx);
  if (!late) return ignored(state, ctx);
  return {
    state,
    ctx,
    effects: [{ type: "hangup_leg", key: `${late.legKey}:late-hangup`, legKey: late.legKey, callSid: late.callSid }],
    ignored: false,
  };
}

function lateLeg(event: CallEvent, ctx: CallContext): { legKey: string; callSid: string } | null {
  const hungUp = (legKey: string, callSid: string) =>
    [ctx.leg, ctx.transfer?.leg].some((l) => l?.legKey === legKey && (l.callSid === null || l.callSid === callSid));
  if (event.type === "staff_leg_created" || (event.type === "staff_leg_answered" && event.callSid)) {
    const callSid = event.callSid as string;
    return hungUp(event.legKey, callSid) ? null : { legKey: event.legKey, callSid };
  }
  if (event.type === "person_leg_created" && ctx.direction === "outbound" && ctx.person?.callSid !== event.callSid) {
    return { legKey: PERSON_LEG_KEY, callSid: event.callSid };
  }
  return null;
}

function active(state: ActiveState, event: CallEvent, ctx: CallContext): TransitionResult {
  switch (event.type) {
    case "call_started":
      return callStarted(state, event, ctx);
    case "outbound_started":
      return outboundStarted(state, event, ctx);
    case "staff_candidates_found":
      return candidatesFound(state, event.staffIds, ctx);
    case "no_staff_available":
      return noStaffAvailable(state, event, ctx);
    case "staff_freed":
    case "queue_timeout":
    case "queue_retry":
      return queueEvent(state, event, ctx);
    case "staff_leg_created":
      return legCreated(state, event, ctx);
    case "staff_leg_answered":
      return legAnswered(state, event, ctx);
    case "staff_leg_declined":
      return legDeclined(state, event.legKey, false, ctx, event.reason === "busy", event.reason === "no-answer");
    case "ring_timeout":
      return legDeclined(state, event.legKey, true, ctx);
    case "staff_hung_up":
      return staffHungUp(state, event.legKey, ctx);
    case "person_leg_created":
    case "person_leg_answered":
    case "person_leg_declined":
      return personLeg(state, event, ctx);
    case "caller_hung_up":
      return callerHungUp(state, ctx);
    case "conference_ended":
      return state === "voicemail" ? ignored(state, ctx) : new Step(ctx).finish("completed", "conference_ended");
    case "recording_completed":
      return recordingCompleted(state, event, ctx);
    case "voicemail_finished":
      return waitForRecording(state, ctx);
    case "voicemail_timeout":
      return state === "voicemail" ? new Step(ctx).finish("completed", "voicemail_no_recording") : ignored(state, ctx);
    case "hold_requested":
    case "mute_requested":
    case "transfer_requested":
    case "transfer_handover":
    case "transfer_cancelled":
      return conferenceEvent(state, event, ctx);
    case "hangup_requested":
      return new Step(ctx).finish("completed", "hangup_requested");
    case "resumed":
      return resume(state, event, ctx, active);
    case "failed": {
      const step = new Step(ctx);
      step.ctx.failure = event.reason;
      return step.finish("failed", "failed");
    }
    case "effect_failed":
      return effectFailed(state, event, ctx, active);
    default:
      return assertNever(event);
  }
}

function callStarted(
  state: ActiveState,
  event: Extract<CallEvent, { type: "call_started" }>,
  ctx: CallContext,
): TransitionResult {
  if (state !== "ringing" || ctx.direction !== "inbound") return ignored(state, ctx);
  const step = new Step(ctx);
  step.ctx.personId = event.personId;
  step.ctx.identified = event.personId !== null;
  step.ctx.preferredStaffId = event.preferredStaffId;
  return findStaff(step);
}

function outboundStarted(
  state: ActiveState,
  event: Extract<CallEvent, { type: "outbound_started" }>,
  ctx: CallContext,
): TransitionResult {
  if (state !== "ringing" || ctx.direction !== "outbound") return ignored(state, ctx);
  const step = new Step(ctx);
  step.ctx.personId = event.personId;
  step.ctx.identified = event.personId !== null;
  step.ctx.person = { to: event.to, callSid: null, answered: false };
  step.ctx.leg = step.dialStaff(event.staffId);
  return step.to("dialing_staff");
}

function candidatesFound(state: ActiveState, staffIds: readonly string[], ctx: CallContext): TransitionResult {
  if (state !== "finding_staff") return ignored(state, ctx);
  const step = new Step(ctx);
  const next = staffIds.find((id) => !ctx.tried.includes(id));
  if (next === undefined || ctx.attempts >= ctx.maxAttempts) return toVoicemail(step);
  step.ctx.leg = step.dialStaff(next, { reserved: next === staffIds[0] });
  return step.to("dialing_staff");
}

function legCreated(
  state: ActiveState,
  event: Extract<CallEvent, { type: "staff_leg_created" }>,
  ctx: CallContext,
): TransitionResult {
  const step = new Step(ctx);
  const leg = [step.ctx.leg, step.ctx.transfer?.leg].find((l) => l?.legKey === event.legKey);
  if (!leg) return step.hangup(event.legKey, event.callSid).to(state);
  if (leg.callSid === event.callSid) return ignored(state, ctx);
  leg.callSid = event.callSid;
  return step.to(state);
}

function legAnswered(
  state: ActiveState,
  event: Extract<CallEvent, { type: "staff_leg_answered" }>,
  ctx: CallContext,
): TransitionResult {
  const step = new Step(ctx);
  const { leg, transfer } = step.ctx;
  if (state === "dialing_staff" && leg && leg.legKey === event.legKey && !leg.answered) {
    leg.answered = true;
    leg.callSid = event.callSid ?? leg.callSid;
    step.cancelTimer(ringTimerKey(leg.legKey));
    step.cancelTimer(queueWaitKey(ctx));
    if (ctx.direction === "outbound" && !ctx.person?.answered) {
      const person = step.ctx.person;
      if (person) step.emit({ type: "dial_person", key: `${ctx.callSid}:person`, to: person.to, conferenceName: ctx.conferenceName });
    } else {
      step.participant("caller", { hold: false });
    }
    return step.to("conference");
  }
  if (state === "conference" && transfer?.leg.legKey === event.legKey && transfer.phase === "dialing") {
    transfer.leg.answered = true;
    transfer.leg.callSid = event.callSid ?? transfer.leg.callSid;
    transfer.phase = "consulting";
    step.cancelTimer(ringTimerKey(transfer.leg.legKey));
    return step.to("conference");
  }
  const known = [leg, transfer?.leg].some((l) => l?.legKey === event.legKey);
  if (known || !event.callSid) return ignored(state, ctx);
  // a leg we already gave up on answered anyway: do not leave that phone connected
  return step.hangup(event.legKey, event.callSid).to(state);
}

/**
 * A staff leg that ended unanswered. `unreachable`: Twilio gave up on it as no-answer
 * before our own ring timer (its timeout is ours plus 10 s), which happens when no phone
 * was registered for that identity: the softphone dropped off the network. That is not
 * the person declining: they are not counted as tried (a queued caller may ring them once
 * the phone is back), the attempt is given back, and their softphone counts as lost until
 * its next heartbeat, so routing does not ring it again at once. Once per staff member per
 * call: a phone that heartbeats yet cannot be reached again counts as tried, so a call
 * never rings the same unreachable phone round and round.
 */
function legDeclined(state: ActiveState, legKey: string, timedOut: boolean, ctx: CallContext, busy = false, noAnswer = false): TransitionResult {
  const step = new Step(ctx);
  const { leg, transfer } = step.ctx;
  const unreachable = noAnswer && !timedOut && ctx.timers.includes(ringTimerKey(legKey));
  if (state === "dialing_staff" && leg && leg.legKey === legKey && !leg.answered) {
    if (timedOut) step.timerFired(ringTimerKey(legKey));
    if (busy && leg.callSid === null) step.ctx.attempts -= 1; // never rang: not an attempt
    if (unreachable && !ctx.unreachable.includes(leg.staffId)) {
      step.ctx.attempts -= 1;
      step.ctx.tried = step.ctx.tried.filter((id) => id !== leg.staffId);
      step.ctx.unreachable = [...ctx.unreachable, leg.staffId];
    }
    step.releaseStaffLeg(leg, { alreadyEnded: !timedOut, unreachable });
    step.ctx.leg = null;
    if (ctx.direction === "outbound" && !ctx.person?.answered) return step.finish("completed", "staff_unreachable");
    return findStaff(step);
  }
  if (state === "conference" && transfer?.leg.legKey === legKey && transfer.phase === "dialing") {
    if (timedOut) step.timerFired(ringTimerKey(legKey));
    step.releaseStaffLeg(transfer.leg, { alreadyEnded: !timedOut });
    step.ctx.transfer = null;
    step.participant("caller", { hold: false });
    return step.to("conference");
  }
  return ignored(state, ctx);
}

function staffHungUp(state: ActiveState, legKey: string, ctx: CallContext): TransitionResult {
  const { leg, transfer } = ctx;
  if (state === "dialing_staff") return legDeclined(state, legKey, false, ctx);
  if (state !== "conference") return ignored(state, ctx);
  const step = new Step(ctx);
  if (transfer && transfer.leg.legKey === legKey) {
    step.releaseStaffLeg(transfer.leg, { alreadyEnded: true });
    step.ctx.transfer = null;
    step.participant("caller", { hold: false });
    return step.to("conference");
  }
  if (!leg || leg.legKey !== legKey) return ignored(state, ctx);
  if (!transfer) return step.finish("completed", "staff_hung_up", [legKey]);
  // the transferring staff member left: that is the hand-over (warm transfer)
  step.releaseStaffLeg(leg, { alreadyEnded: true });
  step.ctx.leg = { ...transfer.leg };
  step.ctx.transfer = null;
  step.ctx.hold.staff = false;
  step.ctx.mute.staff = false;
  if (transfer.phase === "consulting") {
    step.participant("caller", { hold: false });
    return step.to("conference");
  }
  return step.to("dialing_staff"); // target still ringing: now a cold transfer
}

function personLeg(
  state: ActiveState,
  event: Extract<CallEvent, { type: "person_leg_created" | "person_leg_answered" | "person_leg_declined" }>,
  ctx: CallContext,
): TransitionResult {
  const person = ctx.person;
  if (ctx.direction !== "outbound" || !person) return ignored(state, ctx);
  const step = new Step(ctx);
  const p = step.ctx.person as NonNullable<CallContext["person"]>;
  switch (event.type) {
    case "person_leg_created":
      if (person.callSid === event.callSid) return ignored(state, ctx);
      if (person.callSid) return step.hangup(`${PERSON_LEG_KEY}:stray`, event.callSid).to(state);
      p.callSid = event.callSid;
      return step.to(state);
    case "person_leg_answered":
      if (state !== "conference" || person.answered) return ignored(state, ctx);
      p.answered = true;
      return step.to(state);
    case "person_leg_declined":
      if (state !== "conference" || person.answered) return ignored(state, ctx);
      step.ctx.callerGone = true;
      return step.finish("completed", "person_unreachable");
    default:
      return assertNever(event);
  }
}

function callerHungUp(state: ActiveState, ctx: CallContext): TransitionResult {
  if (ctx.callerGone) return ignored(state, ctx);
  const step = new Step(ctx);
  step.ctx.callerGone = true;
  switch (state) {
    case "voicemail":
      // the recording usually arrives after the hang-up: wait for it
      return step.schedule(voicemailTimerKey(ctx), ctx.voicemailWaitMs, "voicemail_wait").to(state);
    case "ringing":
    case "finding_staff":
    case "dialing_staff":
    case "queued":
    case "conference":
      return step.finish("completed", "caller_hung_up");
    default:
      return assertNever(state);
  }
}

function recordingCompleted(
  state: ActiveState,
  event: Extract<CallEvent, { type: "recording_completed" }>,
  ctx: CallContext,
): TransitionResult {
  if (state !== "voicemail") return ignored(state, ctx);
  const step = new Step(ctx);
  step.ctx.recording = { sid: event.recordingSid, url: event.recordingUrl, durationSec: event.durationSec };
  return step.finish("completed", "voicemail_recorded");
}

function waitForRecording(state: ActiveState, ctx: CallContext): TransitionResult {
  const key = voicemailTimerKey(ctx);
  if (state !== "voicemail" || ctx.timers.includes(key)) return ignored(state, ctx);
  return new Step(ctx).schedule(key, ctx.voicemailWaitMs, "voicemail_wait").to(state);
}
