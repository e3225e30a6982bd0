/**
 * Building blocks for transitions. A Step works on a private copy of the
 * context, so handlers read like a script while `transition` stays pure.
 * Effect keys are derived from the context only (never from a clock or a
 * counter outside it), so replaying the same transition yields the same keys.
 */
import type {
  CallContext,
  CallEffect,
  CallEvent,
  CallState,
  EndReason,
  Party,
  StaffLeg,
  TimerKind,
  TransitionResult,
} from "./machine-types";

export function ignored(state: CallState, ctx: CallContext): TransitionResult {
  return { state, ctx, effects: [], ignored: true };
}

export const CALLER_LEG_KEY = "caller";
export const PERSON_LEG_KEY = "person";

export function ringTimerKey(legKey: string): string {
  return `${legKey}:ring`;
}

export function voicemailTimerKey(ctx: CallContext): string {
  return `${ctx.callSid}:voicemail-wait`;
}

export function presenceKey(legKey: string, presence: "busy" | "available"): string {
  return `${legKey}:presence:${presence}`;
}

export function hangupKey(legKey: string): string {
  return `${legKey}:hangup`;
}

export function queueWaitKey(ctx: CallContext): string {
  return `${ctx.callSid}:queue-wait`;
}

export function queueRetryKey(ctx: CallContext): string {
  return `${ctx.callSid}:queue-retry:${ctx.queueSeq}`;
}

/** The event a timer becomes when it fires (the runner, and a timer effect given up on). */
export function timerEvent(e: { timer: TimerKind; legKey?: string }): CallEvent {
  switch (e.timer) {
    case "ring":
      return { type: "ring_timeout", legKey: e.legKey ?? "" };
    case "voicemail_wait":
      return { type: "voicemail_timeout" };
    case "queue_wait":
      return { type: "queue_timeout" };
    case "queue_retry":
      return { type: "queue_retry" };
    default: {
      const never: never = e.timer;
      return never;
    }
  }
}

/** One per search: a new staff leg, or a new look while queued (the queue's count keeps older keys as they were). */
export function findStaffKey(ctx: CallContext): string {
  const base = `${ctx.callSid}:find:${ctx.legSeq}`;
  return ctx.queueSeq === 0 ? base : `${base}:q${ctx.queueSeq}`;
}

/** The CallSid of the person's leg: the caller (inbound) or the callee (outbound). */
export function personCallSid(ctx: CallContext): string | null {
  return ctx.direction === "inbound" ? ctx.callSid : (ctx.person?.callSid ?? null);
}

export class Step {
  readonly ctx: CallContext;
  readonly effects: CallEffect[] = [];

  constructor(ctx: CallContext) {
    this.ctx = structuredClone(ctx);
  }

  to(state: CallState): TransitionResult {
    return { state, ctx: this.ctx, effects: this.effects, ignored: false };
  }

  emit(effect: CallEffect): this {
    this.effects.push(effect);
    return this;
  }

  schedule(key: string, ms: number, timer: TimerKind, legKey?: string): this {
    if (!this.ctx.timers.includes(key)) this.ctx.timers.push(key);
    return this.emit({ type: "schedule_timeout", key, ms, timer, ...(legKey ? { legKey } : {}) });
  }

  /** A timer that fired is forgotten without a cancel effect. */
  timerFired(key: string): this {
    this.ctx.timers = this.ctx.timers.filter((k) => k !== key);
    return this;
  }

  cancelTimer(key: string): this {
    if (!this.ctx.timers.includes(key)) return this;
    this.timerFired(key);
    return this.emit({ type: "cancel_timeout", key: `${key}:cancel`, timerKey: key });
  }

  /**
   * Claim a staff member and ring them; returns the new leg. `reserved`: routing already
   * claimed them for this call (find_staff reserves the first candidate it returns), so
   * the claim would only repeat it: one transaction fewer before the phone rings.
   */
  dialStaff(staffId: string, opts: { reserved?: boolean } = {}): StaffLeg {
    this.ctx.legSeq += 1;
    this.ctx.attempts += 1;
    const legKey = `${this.ctx.callSid}:leg:${this.ctx.legSeq}`;
    const leg: StaffLeg = { legKey, staffId, callSid: null, answered: false };
    if (!this.ctx.tried.includes(staffId)) this.ctx.tried.push(staffId);
    if (!opts.reserved) this.emit({ type: "set_presence", key: presenceKey(legKey, "busy"), staffId, presence: "busy", callEnded: false });
    this.emit({ type: "dial_staff", key: legKey, legKey, staffId, conferenceName: this.ctx.conferenceName });
    this.schedule(ringTimerKey(legKey), this.ctx.ringTimeoutMs, "ring", legKey);
    return leg;
  }

  /** Let go of a staff leg: stop its timer, hang it up unless it already ended, free the staff member. */
  /** `unreachable`: the leg never reached a registered phone (see legDeclined): its softphone counts as lost. */
  releaseStaffLeg(leg: StaffLeg, opts: { alreadyEnded: boolean; unreachable?: boolean }): this {
    this.cancelTimer(ringTimerKey(leg.legKey));
    if (!opts.alreadyEnded) this.hangup(leg.legKey, leg.callSid);
    return this.emit({
      type: "set_presence",
      key: presenceKey(leg.legKey, "available"),
      staffId: leg.staffId,
      presence: "available",
      callEnded: leg.answered,
      ...(opts.unreachable ? { softphoneLost: true } : {}),
    });
  }

  hangup(legKey: string, callSid: string | null): this {
    return this.emit({ type: "hangup_leg", key: hangupKey(legKey), legKey, callSid });
  }

  /** Hold or mute a party; a no-op when the flag already has that value or the leg has no CallSid yet. */
  participant(party: Party, change: { hold?: boolean; muted?: boolean }): this {
    const callSid = party === "caller" ? personCallSid(this.ctx) : (this.ctx.leg?.callSid ?? null);
    if (!callSid) return this;
    const holdChanges = change.hold !== undefined && change.hold !== this.ctx.hold[party];
    const muteChanges = change.muted !== undefined && change.muted !== this.ctx.mute[party];
    if (!holdChanges && !muteChanges) return this;
    if (holdChanges) this.ctx.hold[party] = change.hold as boolean;
    if (muteChanges) this.ctx.mute[party] = change.muted as boolean;
    this.ctx.opSeq += 1;
    return this.emit({
      type: "update_participant",
      key: `${this.ctx.callSid}:op:${this.ctx.opSeq}`,
      conferenceName: this.ctx.conferenceName,
      callSid,
      ...(holdChanges ? { hold: change.hold } : {}),
      ...(muteChanges ? { muted: change.muted } : {}),
    });
  }

  /**
   * End the call: cancel timers, hang up every leg not known to have ended,
   * release staff, record the interaction. `endedLegKeys` lists staff legs that
   * ended by themselves (no hangup needed).
   */
  finish(state: "completed" | "failed", reason: EndReason, endedLegKeys: readonly string[] = []): TransitionResult {
    const ctx = this.ctx;
    const connectedStaffId = ctx.leg?.answered ? ctx.leg.staffId : null;
    for (const key of [...ctx.timers]) this.cancelTimer(key);
    for (const leg of [ctx.leg, ctx.transfer?.leg]) {
      if (leg) this.releaseStaffLeg(leg, { alreadyEnded: endedLegKeys.includes(leg.legKey) });
    }
    if (!ctx.callerGone) {
      if (ctx.direction === "inbound") this.hangup(CALLER_LEG_KEY, ctx.callSid);
      else if (ctx.person) this.hangup(PERSON_LEG_KEY, ctx.person.callSid);
    }
    this.emit({
      type: "record_interaction",
      key: `${ctx.callSid}:interaction`,
      endReason: reason,
      staffId: connectedStaffId,
      recordingSid: ctx.recording?.sid ?? null,
    });
    ctx.endReason = reason;
    return this.to(state);
  }
}
