/**
 * The runner gave up on an effect: what that means for a live call. Each effect
 * has its safe end, chosen so that no call waits forever on something that will
 * not happen and no staff member stays claimed by it:
 *
 * - a staff leg that cannot be placed (dial, or the claim before it) is a leg that
 *   failed: its staff member is freed and the next one rung, else voicemail (an
 *   outbound call whose staff leg fails ends, staff unreachable). It is hung up
 *   too, in case an attempt reached Twilio after all;
 * - a person who cannot be dialled is unreachable: the call ends;
 * - a caller who cannot be sent to voicemail is hung up: the call has failed;
 * - staff who cannot be looked for are not there: voicemail;
 * - a timer that cannot be set fires now (a ring cut short beats a call that
 *   never moves on);
 * - a hold, a mute, a hang-up, a timer that cannot be cancelled, a presence that
 *   cannot be released: recorded, and the call goes on (the call's end frees
 *   whoever it still holds; a stale timer is ignored when it fires).
 *
 * Terminal states never get here: afterEnd records everything and ignores it.
 */
import { Step, findStaffKey, hangupKey, ignored, presenceKey, timerEvent } from "./machine-step";
import type { ActiveState, CallContext, CallEvent, TransitionResult } from "./machine-types";

type Dispatch = (state: ActiveState, event: CallEvent, ctx: CallContext) => TransitionResult;
type EffectFailed = Extract<CallEvent, { type: "effect_failed" }>;

export function effectFailed(state: ActiveState, event: EffectFailed, ctx: CallContext, dispatch: Dispatch): TransitionResult {
  const e = event.effect;
  switch (e.type) {
    case "dial_staff":
      return staffLegFailed(state, e.legKey, ctx, dispatch);
    case "set_presence": {
      if (e.presence !== "busy") return ignored(state, ctx);
      const leg = [ctx.leg, ctx.transfer?.leg].find((l) => l && presenceKey(l.legKey, "busy") === e.key);
      return leg ? staffLegFailed(state, leg.legKey, ctx, dispatch) : ignored(state, ctx);
    }
    case "dial_person":
      if (state !== "conference" || ctx.direction !== "outbound" || !ctx.person || ctx.person.answered) return ignored(state, ctx);
      return new Step(ctx).finish("completed", "person_unreachable");
    case "start_voicemail":
      return state === "voicemail" ? dispatch(state, { type: "failed", reason: `voicemail: ${event.reason}` }, ctx) : ignored(state, ctx);
    case "find_staff":
      return state === "finding_staff" && e.key === findStaffKey(ctx) ? dispatch(state, { type: "no_staff_available" }, ctx) : ignored(state, ctx);
    case "schedule_timeout": {
      if (!ctx.timers.includes(e.key)) return ignored(state, ctx);
      return dispatch(state, timerEvent(e), ctx);
    }
    case "update_participant":
    case "hangup_leg":
    case "cancel_timeout":
    case "record_interaction":
      return ignored(state, ctx);
    default: {
      const never: never = e;
      return never;
    }
  }
}

function staffLegFailed(state: ActiveState, legKey: string, ctx: CallContext, dispatch: Dispatch): TransitionResult {
  const r = dispatch(state, { type: "staff_leg_declined", legKey, reason: "failed" }, ctx);
  if (r.ignored || r.effects.some((x) => x.key === hangupKey(legKey))) return r;
  // an attempt that timed out may have reached Twilio: hang up whatever it made, before freeing anyone
  return { ...r, effects: [{ type: "hangup_leg", key: hangupKey(legKey), legKey, callSid: null }, ...r.effects] };
}
