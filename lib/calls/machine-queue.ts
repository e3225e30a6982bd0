/**
 * The queue: when everyone on shift is busy (or wrapping up), a caller waits in
 * their conference hearing hold audio instead of going to voicemail, and is
 * offered to the next staff member who becomes free, up to queueMaxWaitMs from
 * when they first queued; then voicemail. Nobody on shift at all: voicemail at
 * once (there is no one to wait for). Staff who already declined or missed this
 * call are not rung again (routing excludes `tried`), so a caller nobody answered
 * waits out the queue, then leaves a message.
 *
 * Who becomes free tells the longest-waiting call (`staff_freed`, lib/staff/presence.ts);
 * a re-check timer (queue_retry) is the backstop for a signal that never came.
 */
import { Step, findStaffKey, ignored, queueRetryKey, queueWaitKey } from "./machine-step";
import type { ActiveState, CallContext, CallEvent, TransitionResult } from "./machine-types";

/** Between two re-checks while queued (ms). */
export const QUEUE_RETRY_MS = 5_000;

/** Ask routing (again); with the attempts used up, voicemail. */
export function findStaff(step: Step): TransitionResult {
  const { ctx } = step;
  if (ctx.attempts >= ctx.maxAttempts) return toVoicemail(step);
  step.emit({ type: "find_staff", key: findStaffKey(ctx), preferredStaffId: ctx.preferredStaffId, exclude: [...ctx.tried] });
  return step.to("finding_staff");
}

export function toVoicemail(step: Step): TransitionResult {
  step.cancelTimer(queueWaitKey(step.ctx));
  step.emit({ type: "start_voicemail", key: `${step.ctx.callSid}:voicemail`, callSid: step.ctx.callSid });
  return step.to("voicemail");
}

export function noStaffAvailable(state: ActiveState, event: Extract<CallEvent, { type: "no_staff_available" }>, ctx: CallContext): TransitionResult {
  if (state !== "finding_staff") return ignored(state, ctx);
  const step = new Step(ctx);
  const worthWaiting = ctx.direction === "inbound" && ctx.queueMaxWaitMs > 0 && !ctx.queueTimedOut && (event.onShift ?? 0) > 0;
  if (!worthWaiting) return toVoicemail(step);
  if (!ctx.queueStarted) {
    step.ctx.queueStarted = true;
    step.schedule(queueWaitKey(ctx), ctx.queueMaxWaitMs, "queue_wait");
  }
  step.ctx.queueSeq += 1;
  step.schedule(queueRetryKey(step.ctx), QUEUE_RETRY_MS, "queue_retry");
  return step.to("queued");
}

export function queueEvent(state: ActiveState, event: Extract<CallEvent, { type: "staff_freed" | "queue_timeout" | "queue_retry" }>, ctx: CallContext): TransitionResult {
  const step = new Step(ctx);
  switch (event.type) {
    case "staff_freed":
      if (state !== "queued") return ignored(state, ctx);
      step.cancelTimer(queueRetryKey(ctx));
      return findStaff(step);
    case "queue_retry":
      if (state !== "queued" || !ctx.timers.includes(queueRetryKey(ctx))) return ignored(state, ctx);
      step.timerFired(queueRetryKey(ctx));
      return findStaff(step);
    case "queue_timeout":
      if (!ctx.timers.includes(queueWaitKey(ctx))) return ignored(state, ctx);
      step.timerFired(queueWaitKey(ctx));
      step.ctx.queueTimedOut = true;
      if (state !== "queued") return step.to(state); // an offer is ringing: if it is not answered, voicemail
      step.cancelTimer(queueRetryKey(ctx));
      return toVoicemail(step);
    default: {
      const never: never = event;
      return never;
    }
  }
}
