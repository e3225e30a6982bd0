/**
 * Staff commands during a live conference: hold, mute, and transfers.
 * Cold transfer: the current staff leg is hung up, the caller waits on hold and
 * the call goes back to dialing_staff with the target (if the target declines,
 * normal routing continues). Warm transfer: the caller is held while the target
 * rings; once the target answers both staff consult, then `transfer_handover`
 * (or the first staff member hanging up) hands the caller over.
 */
import { Step, ignored, ringTimerKey } from "./machine-step";
import type { ActiveState, CallContext, CallEvent, TransitionResult } from "./machine-types";

type ConferenceCommand = Extract<
  CallEvent,
  { type: "hold_requested" | "mute_requested" | "transfer_requested" | "transfer_handover" | "transfer_cancelled" }
>;

export function conferenceEvent(state: ActiveState, event: ConferenceCommand, ctx: CallContext): TransitionResult {
  if (state !== "conference") return ignored(state, ctx);
  const step = new Step(ctx);
  switch (event.type) {
    case "hold_requested":
      return changed(step.participant(event.party, { hold: event.hold }), state, ctx);
    case "mute_requested":
      return changed(step.participant(event.party, { muted: event.muted }), state, ctx);
    case "transfer_requested":
      return transferRequested(step, event, ctx);
    case "transfer_handover":
      return handover(step, ctx);
    case "transfer_cancelled":
      return cancelTransfer(step, ctx);
    default: {
      const never: never = event;
      return never;
    }
  }
}

function changed(step: Step, state: ActiveState, original: CallContext): TransitionResult {
  return step.effects.length === 0 ? ignored(state, original) : step.to(state);
}

function transferRequested(
  step: Step,
  event: Extract<CallEvent, { type: "transfer_requested" }>,
  ctx: CallContext,
): TransitionResult {
  const leg = ctx.leg;
  const personReady = ctx.direction === "inbound" || ctx.person?.answered === true;
  if (!leg?.answered || ctx.transfer || !personReady || event.toStaffId === leg.staffId) {
    return ignored("conference", ctx);
  }
  step.participant("caller", { hold: true });
  if (event.mode === "cold") {
    step.releaseStaffLeg(leg, { alreadyEnded: false });
    step.ctx.hold.staff = false;
    step.ctx.mute.staff = false;
    step.ctx.leg = step.dialStaff(event.toStaffId);
    return step.to("dialing_staff");
  }
  step.ctx.transfer = { mode: "warm", leg: step.dialStaff(event.toStaffId), phase: "dialing" };
  return step.to("conference");
}

function handover(step: Step, ctx: CallContext): TransitionResult {
  const { leg, transfer } = ctx;
  if (!leg || transfer?.phase !== "consulting") return ignored("conference", ctx);
  step.releaseStaffLeg(leg, { alreadyEnded: false });
  step.ctx.leg = { ...transfer.leg };
  step.ctx.transfer = null;
  step.ctx.hold.staff = false;
  step.ctx.mute.staff = false;
  step.participant("caller", { hold: false });
  return step.to("conference");
}

function cancelTransfer(step: Step, ctx: CallContext): TransitionResult {
  const transfer = ctx.transfer;
  if (!transfer) return ignored("conference", ctx);
  step.cancelTimer(ringTimerKey(transfer.leg.legKey));
  step.releaseStaffLeg(transfer.leg, { alreadyEnded: false });
  step.ctx.transfer = null;
  step.participant("caller", { hold: false });
  return step.to("conference");
}
