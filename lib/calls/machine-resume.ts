/**
 * After a worker restart the actor asks Twilio what became of each leg and feeds
 * a `resumed` event. The machine turns what Twilio says into the events it missed
 * (caller gone, staff answered or gone) or re-issues the effects of the current
 * state under the same idempotency keys (the runner checks before it creates).
 */
import { Step, findStaffKey, ignored, queueRetryKey, queueWaitKey, ringTimerKey, voicemailTimerKey } from "./machine-step";
import type {
  ActiveState,
  CallContext,
  CallEvent,
  DeclineReason,
  LegProbe,
  StaffLeg,
  TransitionResult,
} from "./machine-types";

type Dispatch = (state: ActiveState, event: CallEvent, ctx: CallContext) => TransitionResult;
type Resumed = Extract<CallEvent, { type: "resumed" }>;

const ALIVE = new Set<LegProbe>(["queued", "initiated", "ringing", "in-progress"]);

export function isAlive(probe: LegProbe): boolean {
  return ALIVE.has(probe);
}

/** busy / no-answer / failed / canceled keep their name; a leg that simply ended counts as canceled. */
function declineReason(probe: LegProbe): DeclineReason {
  return probe === "busy" || probe === "no-answer" || probe === "failed" ? probe : "canceled";
}

export function resume(state: ActiveState, event: Resumed, ctx: CallContext, dispatch: Dispatch): TransitionResult {
  if (event.caller !== null && !isAlive(event.caller) && !ctx.callerGone) {
    if (state === "voicemail") return dispatch(state, { type: "caller_hung_up" }, ctx);
    const step = new Step(ctx);
    step.ctx.callerGone = true;
    return step.finish("completed", "caller_gone_on_resume");
  }
  switch (state) {
    case "ringing":
      return ignored(state, ctx); // the start event is still in the mailbox
    case "finding_staff": {
      const step = new Step(ctx);
      step.emit({ type: "find_staff", key: findStaffKey(ctx), preferredStaffId: ctx.preferredStaffId, exclude: [...ctx.tried] });
      return step.to(state);
    }
    case "dialing_staff":
      return ctx.leg ? resumeRinging(state, ctx.leg, event.staffLeg, ctx, dispatch) : ignored(state, ctx);
    case "conference":
      return resumeConference(state, event, ctx, dispatch);
    case "queued":
      return resumeQueued(state, ctx);
    case "voicemail":
      return resumeVoicemail(state, ctx);
    default: {
      const never: never = state;
      return never;
    }
  }
}

function resumeRinging(
  state: ActiveState,
  leg: StaffLeg,
  probe: LegProbe | null,
  ctx: CallContext,
  dispatch: Dispatch,
): TransitionResult {
  if (probe === "in-progress") {
    return dispatch(state, { type: "staff_leg_answered", legKey: leg.legKey, ...(leg.callSid ? { callSid: leg.callSid } : {}) }, ctx);
  }
  if (probe !== null && !isAlive(probe) && leg.callSid) {
    return dispatch(state, { type: "staff_leg_declined", legKey: leg.legKey, reason: declineReason(probe) }, ctx);
  }
  const step = new Step(ctx);
  if (!leg.callSid) {
    step.emit({ type: "dial_staff", key: leg.legKey, legKey: leg.legKey, staffId: leg.staffId, conferenceName: ctx.conferenceName });
  }
  return step.schedule(ringTimerKey(leg.legKey), ctx.ringTimeoutMs, "ring", leg.legKey).to(state);
}

function resumeConference(state: ActiveState, event: Resumed, ctx: CallContext, dispatch: Dispatch): TransitionResult {
  let result: TransitionResult = { state, ctx, effects: [], ignored: true };
  const then = (next: (r: TransitionResult) => TransitionResult) => {
    if (result.state !== "conference") return;
    const r = next(result);
    result = { ...r, effects: [...result.effects, ...r.effects], ignored: result.ignored && r.ignored };
  };
  const transfer = ctx.transfer;
  if (transfer && event.transferLeg !== null) {
    const probe = event.transferLeg;
    if (probe === "in-progress" && transfer.phase === "dialing") {
      then((r) => dispatch("conference", { type: "staff_leg_answered", legKey: transfer.leg.legKey }, r.ctx));
    } else if (!isAlive(probe)) {
      then((r) => dispatch("conference", { type: "staff_hung_up", legKey: transfer.leg.legKey }, r.ctx));
    }
  }
  const leg = ctx.leg;
  if (leg && event.staffLeg !== null && !isAlive(event.staffLeg)) {
    then((r) => dispatch("conference", { type: "staff_hung_up", legKey: leg.legKey }, r.ctx));
  }
  if (ctx.direction === "outbound" && ctx.person && !ctx.person.answered && event.caller !== null) {
    const probe = event.caller;
    if (probe === "in-progress") then((r) => dispatch("conference", { type: "person_leg_answered" }, r.ctx));
  }
  return result;
}

/** The caller is still waiting: the wait and re-check timers stand (same keys); ask routing again now. */
function resumeQueued(state: ActiveState, ctx: CallContext): TransitionResult {
  const step = new Step(ctx);
  if (ctx.timers.includes(queueWaitKey(ctx))) step.schedule(queueWaitKey(ctx), ctx.queueMaxWaitMs, "queue_wait");
  step.cancelTimer(queueRetryKey(ctx));
  step.emit({ type: "find_staff", key: findStaffKey(step.ctx), preferredStaffId: ctx.preferredStaffId, exclude: [...ctx.tried] });
  return step.to("finding_staff");
}

function resumeVoicemail(state: ActiveState, ctx: CallContext): TransitionResult {
  const step = new Step(ctx);
  if (ctx.timers.includes(voicemailTimerKey(ctx))) {
    step.schedule(voicemailTimerKey(ctx), ctx.voicemailWaitMs, "voicemail_wait");
  } else {
    step.emit({ type: "start_voicemail", key: `${ctx.callSid}:voicemail`, callSid: ctx.callSid });
  }
  return step.to(state);
}
