/**
 * The safe end of every effect the runner can give up on: one row per effect
 * type and situation, each the effect as the machine emitted it. Each row: the
 * next state (or "ignored": recorded, nothing changes, the call goes on) and
 * what must be among the effects (and must not).
 */
import { describe, expect, it } from "vitest";
import { isTerminal, newCallContext, transition, type CallEffect, type CallEffectType, type CallEvent, type CallState } from "./machine";
import { CALLER, L1, L2, PERSON_SID, STAFF_SID, atState, inbound, run, started, type At } from "./machine.fixtures";

type Emitted = At & { effects: CallEffect[] };

/** Drive a call with `events`; the effects of every step, in order. */
function drive(start: At, events: CallEvent[]): Emitted {
  const r = run(start, events);
  return { state: r.state, ctx: r.ctx, effects: r.results.flatMap((x) => x.effects) };
}
const lastOf = (at: Emitted, type: CallEffectType, where: (e: CallEffect) => boolean = () => true): CallEffect => {
  const e = at.effects.filter((x) => x.type === type && where(x)).at(-1);
  if (!e) throw new Error(`no ${type} emitted`);
  return e;
};

const ringing = () => drive(inbound(), [started, { type: "staff_candidates_found", staffIds: ["s1", "s2"] }]);
/** s1 declined; routing's reserved first candidate is s1 again (already tried), so s2 is rung with a claim of its own */
const claimedSecond = () =>
  drive(inbound(), [
    started,
    { type: "staff_candidates_found", staffIds: ["s1", "s2"] },
    { type: "staff_leg_declined", legKey: L1, reason: "failed" },
    { type: "staff_candidates_found", staffIds: ["s1", "s2"] },
  ]);
const lastRing = () => drive(inbound({ maxAttempts: 1 }), [started, { type: "staff_candidates_found", staffIds: ["s1", "s2"] }]);
const talking = () => drive(atState("dialing_staff"), [{ type: "staff_leg_answered", legKey: L1 }]);
const warmTransfer = () =>
  drive(atState("conference"), [{ type: "transfer_requested", toStaffId: "s2", mode: "warm" }]);
const voicemail = () => drive(atState("finding_staff"), [{ type: "no_staff_available" }]);
const voicemailWaiting = () => drive(atState("voicemail"), [{ type: "caller_hung_up" }]);
const outbound = () =>
  drive({ state: "ringing", ctx: newCallContext({ callSid: "CAout", direction: "outbound" }) }, [
    { type: "outbound_started", staffId: "s1", personId: "p1", to: "+15550001111" },
  ]);
const outboundTalking = () => drive(outbound(), [{ type: "staff_leg_answered", legKey: "CAout:leg:1", callSid: STAFF_SID }]);

interface Row {
  name: string;
  at: () => Emitted;
  failed: (at: Emitted) => CallEffect;
  next: CallState | "ignored";
  includes?: Partial<CallEffect>[];
  excludes?: CallEffectType[];
}

const ROWS: Row[] = [
  {
    name: "a staff leg that cannot be placed: hung up in case, staff freed, the next one looked for",
    at: ringing,
    failed: (at) => lastOf(at, "dial_staff"),
    next: "finding_staff",
    includes: [
      { type: "hangup_leg", legKey: L1, callSid: null },
      { type: "cancel_timeout", timerKey: `${L1}:ring` },
      { type: "set_presence", staffId: "s1", presence: "available" },
      { type: "find_staff", exclude: ["s1"] },
    ],
  },
  {
    name: "… and with no attempts left: voicemail",
    at: lastRing,
    failed: (at) => lastOf(at, "dial_staff"),
    next: "voicemail",
    includes: [{ type: "set_presence", staffId: "s1", presence: "available" }, { type: "start_voicemail" }],
    excludes: ["find_staff"],
  },
  {
    name: "a staff member who cannot be claimed: the same as a leg that failed",
    at: claimedSecond,
    failed: (at) => lastOf(at, "set_presence", (e) => e.type === "set_presence" && e.presence === "busy"),
    next: "finding_staff",
    includes: [{ type: "hangup_leg", legKey: L2 }, { type: "set_presence", staffId: "s2", presence: "available" }, { type: "find_staff" }],
  },
  {
    name: "a transfer target who cannot be rung: the transfer is off, the caller back",
    at: warmTransfer,
    failed: (at) => lastOf(at, "dial_staff"),
    next: "conference",
    includes: [
      { type: "hangup_leg", legKey: L2 },
      { type: "set_presence", staffId: "s2", presence: "available" },
      { type: "update_participant", callSid: CALLER, hold: false },
    ],
    excludes: ["record_interaction"],
  },
  {
    name: "an outbound call whose staff leg cannot be placed ends, staff unreachable",
    at: outbound,
    failed: (at) => lastOf(at, "dial_staff"),
    next: "completed",
    includes: [{ type: "set_presence", staffId: "s1", presence: "available" }, { type: "record_interaction", endReason: "staff_unreachable" }],
    excludes: ["dial_person"],
  },
  {
    name: "a person who cannot be dialled is unreachable: every leg hung up, staff freed",
    at: outboundTalking,
    failed: (at) => lastOf(at, "dial_person"),
    next: "completed",
    includes: [
      { type: "hangup_leg", legKey: "CAout:leg:1", callSid: STAFF_SID },
      { type: "hangup_leg", legKey: "person", callSid: null },
      { type: "set_presence", staffId: "s1", presence: "available", callEnded: true },
      { type: "record_interaction", endReason: "person_unreachable", staffId: "s1" },
    ],
  },
  {
    name: "a caller who cannot be sent to voicemail is hung up: the call has failed",
    at: voicemail,
    failed: (at) => lastOf(at, "start_voicemail"),
    next: "failed",
    includes: [{ type: "hangup_leg", legKey: "caller", callSid: CALLER }, { type: "record_interaction", endReason: "failed" }],
  },
  {
    name: "staff who cannot be looked for are not there: voicemail",
    at: () => drive(inbound(), [started]),
    failed: (at) => lastOf(at, "find_staff"),
    next: "voicemail",
    includes: [{ type: "start_voicemail" }],
  },
  {
    name: "a search from before (another key) changes nothing",
    at: () => drive(atState("dialing_staff"), [{ type: "ring_timeout", legKey: L1 }]),
    failed: () => ({ type: "find_staff", key: `${CALLER}:find:0`, preferredStaffId: "s1", exclude: [] }),
    next: "ignored",
  },
  {
    name: "a ring timer that cannot be set fires now",
    at: ringing,
    failed: (at) => lastOf(at, "schedule_timeout"),
    next: "finding_staff",
    includes: [{ type: "hangup_leg", legKey: L1 }, { type: "set_presence", staffId: "s1", presence: "available" }],
    excludes: ["cancel_timeout"],
  },
  {
    name: "a voicemail wait that cannot be set ends the voicemail now",
    at: voicemailWaiting,
    failed: (at) => lastOf(at, "schedule_timeout"),
    next: "completed",
    includes: [{ type: "record_interaction", endReason: "voicemail_no_recording" }],
  },
  {
    name: "a hold that cannot be done: recorded, the call goes on",
    at: () => drive(talking(), [{ type: "hold_requested", party: "caller", hold: true }]),
    failed: (at) => lastOf(at, "update_participant"),
    next: "ignored",
  },
  {
    name: "a hang-up that cannot be done: recorded, the call goes on",
    at: () => drive(warmTransfer(), [{ type: "staff_leg_answered", legKey: L2, callSid: PERSON_SID }, { type: "transfer_handover" }]),
    failed: (at) => lastOf(at, "hangup_leg"),
    next: "ignored",
  },
  {
    name: "a timer that cannot be cancelled: recorded (it is ignored when it fires)",
    at: talking,
    failed: (at) => lastOf(at, "cancel_timeout"),
    next: "ignored",
  },
  {
    name: "a staff member who cannot be released: recorded (the call's end frees whoever it holds)",
    at: () => drive(warmTransfer(), [{ type: "transfer_cancelled" }]),
    failed: (at) => lastOf(at, "set_presence", (e) => e.type === "set_presence" && e.presence === "available"),
    next: "ignored",
  },
  {
    name: "after the end, anything is recorded and ignored: even the record of the call",
    at: () => drive(talking(), [{ type: "caller_hung_up" }]),
    failed: (at) => lastOf(at, "record_interaction"),
    next: "ignored",
  },
];

describe("effect_failed: the safe end of each effect", () => {
  it.each(ROWS)("$name", ({ at, failed, next, includes = [], excludes = [] }) => {
    const from = at();
    const effect = failed(from);
    const r = transition(from.state, { type: "effect_failed", effect, reason: "Twilio 500" }, from.ctx);
    if (next === "ignored") {
      expect(r.ignored).toBe(true);
      expect(r.state).toBe(from.state);
      expect(r.effects).toEqual([]);
      return;
    }
    expect(r.ignored).toBe(false);
    expect(r.state).toBe(next);
    for (const e of includes) expect(r.effects).toContainEqual(expect.objectContaining(e));
    for (const t of excludes) expect(r.effects.map((e) => e.type)).not.toContain(t);
    if (isTerminal(r.state)) {
      // the end frees every staff member on a leg of this call
      const legs = [from.ctx.leg, from.ctx.transfer?.leg].filter((l) => l !== null && l !== undefined);
      for (const leg of legs) expect(r.effects).toContainEqual(expect.objectContaining({ type: "set_presence", staffId: leg.staffId, presence: "available" }));
    }
  });

  it("a staff leg that failed still counts as an attempt (Twilio down does not ring staff for ever)", () => {
    const from = ringing();
    const r = transition(from.state, { type: "effect_failed", effect: lastOf(from, "dial_staff"), reason: "Twilio 500" }, from.ctx);
    expect(r.ctx.attempts).toBe(1);
    // the hang-up comes before the staff member is freed
    const types = r.effects.map((e) => e.type);
    expect(types.indexOf("hangup_leg")).toBeLessThan(types.indexOf("set_presence"));
  });
});
