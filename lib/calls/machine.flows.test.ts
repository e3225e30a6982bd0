import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { newCallContext, transition, type CallEffect, type CallEvent, type CallState } from "./machine";
import { CALLER, L1, L2, PERSON_SID, SAMPLE_EVENTS, STAFF_SID, TRANSFER_SID, atState, inbound, run, started } from "./machine.fixtures";

const types = (effects: CallEffect[]) => effects.map((e) => e.type);
const last = <T>(xs: T[]): T => xs[xs.length - 1] as T;

describe("inbound routing", () => {
  it("rings the first candidate, bridges, and ends when staff hangs up", () => {
    const r = run(inbound(), [
      started,
      { type: "staff_candidates_found", staffIds: ["s1", "s2"] },
      { type: "staff_leg_created", legKey: L1, callSid: STAFF_SID },
      { type: "staff_leg_answered", legKey: L1 },
      { type: "staff_hung_up", legKey: L1 },
    ]);
    const [find, dial, , answer, end] = r.results.map((x) => x.effects);
    expect(find).toEqual([{ type: "find_staff", key: `${CALLER}:find:0`, preferredStaffId: "s1", exclude: [] }]);
    // routing reserved s1 already (the first candidate): no second claim before the ring
    expect(types(dial ?? [])).toEqual(["dial_staff", "schedule_timeout"]);
    expect(dial?.[0]).toMatchObject({ staffId: "s1", legKey: L1, key: L1, conferenceName: `call-${CALLER}` });
    expect(dial?.[1]).toMatchObject({ ms: 1000, timer: "ring", key: `${L1}:ring` });
    expect(types(answer ?? [])).toEqual(["cancel_timeout"]);
    expect(end).toEqual([
      { type: "set_presence", key: `${L1}:presence:available`, staffId: "s1", presence: "available", callEnded: true },
      { type: "hangup_leg", key: "caller:hangup", legKey: "caller", callSid: CALLER },
      { type: "record_interaction", key: `${CALLER}:interaction`, endReason: "staff_hung_up", staffId: "s1", recordingSid: null },
    ]);
    expect(r.state).toBe("completed");
    expect(r.ctx.timers).toEqual([]);
  });

  it("moves on after a decline and a timeout, then takes a voicemail", () => {
    const r = run(inbound(), [
      started,
      { type: "staff_candidates_found", staffIds: ["s1", "s2"] },
      { type: "staff_leg_declined", legKey: L1, reason: "busy" },
      { type: "staff_candidates_found", staffIds: ["s1", "s2"] },
      { type: "staff_leg_created", legKey: L2, callSid: TRANSFER_SID },
      { type: "ring_timeout", legKey: L2 },
      { type: "staff_candidates_found", staffIds: ["s1", "s2"] },
      { type: "caller_hung_up" },
      { type: "recording_completed", recordingSid: "RE9", recordingUrl: "https://r/RE9", durationSec: 12 },
    ]);
    const states = r.results.map((x) => x.state);
    expect(states).toEqual([
      "finding_staff",
      "dialing_staff",
      "finding_staff",
      "dialing_staff",
      "dialing_staff",
      "finding_staff",
      "voicemail",
      "voicemail",
      "completed",
    ]);
    expect(r.results[2]?.effects).toContainEqual(expect.objectContaining({ type: "find_staff", exclude: ["s1"] }));
    expect(types(r.results[2]?.effects ?? [])).not.toContain("hangup_leg"); // busy: the leg ended by itself
    expect(r.results[3]?.effects).toContainEqual(expect.objectContaining({ type: "dial_staff", staffId: "s2" }));
    expect(r.results[5]?.effects).toContainEqual({ type: "hangup_leg", key: `${L2}:hangup`, legKey: L2, callSid: TRANSFER_SID });
    expect(types(r.results[5]?.effects ?? [])).not.toContain("cancel_timeout"); // it fired
    expect(r.results[6]?.effects).toEqual([{ type: "start_voicemail", key: `${CALLER}:voicemail`, callSid: CALLER }]);
    expect(r.results[7]?.effects).toEqual([
      { type: "schedule_timeout", key: `${CALLER}:voicemail-wait`, ms: 30_000, timer: "voicemail_wait" },
    ]);
    expect(last(r.results).effects).toContainEqual(expect.objectContaining({ type: "record_interaction", recordingSid: "RE9" }));
    expect(r.ctx.endReason).toBe("voicemail_recorded");
  });

  it("stops ringing after maxAttempts legs, without looking for more staff", () => {
    const r = run(inbound({ maxAttempts: 1 }), [
      started,
      { type: "staff_candidates_found", staffIds: ["s1", "s2"] },
      // (a no-answer before our ring timer would be an unreachable phone, which gives its attempt back)
      { type: "staff_leg_declined", legKey: L1, reason: "failed" },
    ]);
    expect(r.state).toBe("voicemail");
    expect(types(last(r.results).effects)).not.toContain("find_staff");
  });

  it("rings the first candidate it is given (the runner reserved them)", () => {
    const r = run(inbound(), [started, { type: "staff_candidates_found", staffIds: ["s2", "s1"] }]);
    expect(r.ctx.leg?.staffId).toBe("s2");
  });

  it("a staff member taken by another call before their leg was dialled does not use up an attempt", () => {
    const r = run(inbound({ maxAttempts: 1 }), [
      started,
      { type: "staff_candidates_found", staffIds: ["s1", "s2"] },
      // the runner could not claim s1 (busy with another call): no CallSid, the leg never rang
      { type: "staff_leg_declined", legKey: L1, reason: "busy" },
      { type: "staff_candidates_found", staffIds: ["s2"] },
    ]);
    expect(r.state).toBe("dialing_staff");
    expect(r.ctx).toMatchObject({ attempts: 1, legSeq: 2, tried: ["s1", "s2"], leg: { legKey: L2, staffId: "s2" } });
  });

  it("a leg that rang and was declined busy counts as an attempt", () => {
    const r = run(inbound({ maxAttempts: 1 }), [
      started,
      { type: "staff_candidates_found", staffIds: ["s1", "s2"] },
      { type: "staff_leg_created", legKey: L1, callSid: STAFF_SID },
      { type: "staff_leg_declined", legKey: L1, reason: "busy" },
    ]);
    expect(r.state).toBe("voicemail");
    expect(r.ctx.attempts).toBe(1);
  });

  it("hangs up a leg that answers after its ring timed out", () => {
    const at = run(atState("dialing_staff"), [{ type: "ring_timeout", legKey: L1 }]);
    const r = transition(at.state, { type: "staff_leg_answered", legKey: "stale-leg", callSid: STAFF_SID }, at.ctx);
    expect(r.state).toBe("finding_staff");
    expect(r.effects).toEqual([{ type: "hangup_leg", key: "stale-leg:hangup", legKey: "stale-leg", callSid: STAFF_SID }]);
  });

  it("is deterministic: replaying a transition yields the same effects and keys", () => {
    const at = atState("finding_staff");
    const e: CallEvent = { type: "staff_candidates_found", staffIds: ["s3"] };
    expect(transition(at.state, e, at.ctx)).toEqual(transition(at.state, e, at.ctx));
  });

  it("after the end, hangs up a leg the runner created late", () => {
    const at = atState("completed");
    const r = transition(at.state, { type: "staff_leg_created", legKey: "x:leg:9", callSid: TRANSFER_SID }, at.ctx);
    expect(r).toMatchObject({ state: "completed", ignored: false, effects: [{ type: "hangup_leg", callSid: TRANSFER_SID }] });
    expect(r.ctx).toBe(at.ctx);
  });
});

describe("conference commands", () => {
  it("warm transfer: hold, consult, hand over", () => {
    const r = run(atState("conference"), [
      { type: "transfer_requested", toStaffId: "s2", mode: "warm" },
      { type: "staff_leg_created", legKey: L2, callSid: TRANSFER_SID },
      { type: "staff_leg_answered", legKey: L2 },
      { type: "transfer_handover" },
      { type: "staff_hung_up", legKey: L2 },
    ]);
    expect(r.results.map((x) => x.state)).toEqual(["conference", "conference", "conference", "conference", "completed"]);
    expect(r.results[0]?.effects[0]).toMatchObject({ type: "update_participant", callSid: CALLER, hold: true });
    expect(r.results[2]?.ctx.transfer?.phase).toBe("consulting");
    expect(types(r.results[3]?.effects ?? [])).toEqual(["hangup_leg", "set_presence", "update_participant"]);
    expect(r.results[3]?.effects[2]).toMatchObject({ callSid: CALLER, hold: false });
    expect(last(r.results).effects).toContainEqual(expect.objectContaining({ type: "record_interaction", staffId: "s2" }));
  });

  it("warm transfer declined: caller back off hold with the first staff member", () => {
    const r = run(atState("conference"), [
      { type: "transfer_requested", toStaffId: "s2", mode: "warm" },
      { type: "staff_leg_declined", legKey: L2, reason: "busy" },
    ]);
    expect(r.state).toBe("conference");
    expect(r.ctx.transfer).toBeNull();
    expect(r.ctx.hold.caller).toBe(false);
    expect(r.ctx.leg?.legKey).toBe(L1);
  });

  it("first staff member leaving while the target still rings turns it into a cold transfer", () => {
    const r = run(atState("conference"), [
      { type: "transfer_requested", toStaffId: "s2", mode: "warm" },
      { type: "staff_hung_up", legKey: L1 },
      { type: "staff_leg_answered", legKey: L2, callSid: TRANSFER_SID },
    ]);
    expect(r.results.map((x) => x.state)).toEqual(["conference", "dialing_staff", "conference"]);
    expect(r.ctx.leg).toMatchObject({ legKey: L2, staffId: "s2", answered: true });
    expect(r.ctx.hold.caller).toBe(false);
  });

  it("cold transfer: first leg hung up, target rung; target declines → normal routing", () => {
    const r = run(atState("conference"), [
      { type: "transfer_requested", toStaffId: "s2", mode: "cold" },
      { type: "staff_leg_declined", legKey: L2, reason: "failed" },
    ]);
    expect(types(r.results[0]?.effects ?? [])).toEqual([
      "update_participant",
      "hangup_leg",
      "set_presence",
      "set_presence",
      "dial_staff",
      "schedule_timeout",
    ]);
    expect(r.results[0]?.state).toBe("dialing_staff");
    expect(r.state).toBe("finding_staff");
    expect(last(r.results).effects).toContainEqual(expect.objectContaining({ type: "find_staff", exclude: ["s1", "s2"] }));
  });

  it("hold and mute only emit when something changes", () => {
    const r = run(atState("conference"), [{ type: "mute_requested", party: "staff", muted: true }]);
    expect(r.results[0]?.effects[0]).toMatchObject({ type: "update_participant", callSid: STAFF_SID, muted: true });
    const again = transition(r.state, { type: "mute_requested", party: "staff", muted: true }, r.ctx);
    expect(again.ignored).toBe(true);
  });
});

describe("outbound", () => {
  const outbound = () => ({ state: "ringing" as CallState, ctx: newCallContext({ callSid: "CAoutbound", direction: "outbound" }) });
  const start: CallEvent = { type: "outbound_started", staffId: "s1", personId: "p1", to: "+15550001111" };
  const legKey = "CAoutbound:leg:1";

  it("staff leg first, then the person's leg into the same conference", () => {
    const r = run(outbound(), [
      start,
      { type: "staff_leg_answered", legKey, callSid: STAFF_SID },
      { type: "person_leg_created", callSid: PERSON_SID },
      { type: "person_leg_answered" },
      { type: "hold_requested", party: "caller", hold: true },
      { type: "caller_hung_up" },
    ]);
    expect(r.results.map((x) => x.state)).toEqual(["dialing_staff", "conference", "conference", "conference", "conference", "completed"]);
    expect(r.results[1]?.effects).toContainEqual({ type: "dial_person", key: "CAoutbound:person", to: "+15550001111", conferenceName: "call-CAoutbound" });
    expect(r.results[4]?.effects[0]).toMatchObject({ callSid: PERSON_SID, hold: true });
    expect(last(r.results).effects).toContainEqual(expect.objectContaining({ type: "hangup_leg", legKey, callSid: STAFF_SID }));
  });

  it("person does not answer → completed, staff leg hung up", () => {
    const r = run(outbound(), [start, { type: "staff_leg_answered", legKey }, { type: "person_leg_declined", reason: "no-answer" }]);
    expect(r.state).toBe("completed");
    expect(r.ctx.endReason).toBe("person_unreachable");
    expect(types(last(r.results).effects)).toEqual(["hangup_leg", "set_presence", "record_interaction"]);
  });

  it("staff's own leg fails → completed without dialling the person", () => {
    const r = run(outbound(), [start, { type: "staff_leg_declined", legKey, reason: "failed" }]);
    expect(r.state).toBe("completed");
    expect(r.ctx.endReason).toBe("staff_unreachable");
    expect(types(last(r.results).effects)).not.toContain("dial_person");
  });
});

describe("resume after restart", () => {
  it("re-issues the dial under the same key when the leg was never reported", () => {
    const at = run(inbound(), [started, { type: "staff_candidates_found", staffIds: ["s1"] }]);
    const original = at.results[1]?.effects.find((e) => e.type === "dial_staff");
    const r = transition(at.state, { type: "resumed", caller: "in-progress", staffLeg: null, transferLeg: null }, at.ctx);
    expect(r.state).toBe("dialing_staff");
    expect(r.effects.find((e) => e.type === "dial_staff")).toEqual(original);
  });

  it("closes the call when Twilio says the caller is gone", () => {
    const at = atState("conference");
    const r = transition(at.state, { type: "resumed", caller: "completed", staffLeg: "in-progress", transferLeg: null }, at.ctx);
    expect(r.state).toBe("completed");
    expect(r.ctx.endReason).toBe("caller_gone_on_resume");
    expect(r.effects).not.toContainEqual(expect.objectContaining({ type: "hangup_leg", legKey: "caller" }));
    expect(r.effects).toContainEqual(expect.objectContaining({ type: "hangup_leg", legKey: L1 }));
  });

  it("treats a staff leg that ended while we were down as staff hanging up", () => {
    const at = atState("conference");
    const r = transition(at.state, { type: "resumed", caller: "in-progress", staffLeg: "completed", transferLeg: null }, at.ctx);
    expect(r.state).toBe("completed");
    expect(r.ctx.endReason).toBe("staff_hung_up");
  });

  it("re-issues start_voicemail under the same key", () => {
    const at = atState("voicemail");
    const r = transition(at.state, SAMPLE_EVENTS.resumed, at.ctx);
    expect(r.effects).toEqual([{ type: "start_voicemail", key: `${CALLER}:voicemail`, callSid: CALLER }]);
  });
});

describe("properties over random event sequences", () => {
  const legKeys = fc.constantFrom(L1, L2, "other:leg:1");
  const event: fc.Arbitrary<CallEvent> = fc.oneof(
    fc.constantFrom(...Object.values(SAMPLE_EVENTS)),
    legKeys.map((legKey): CallEvent => ({ type: "staff_leg_answered", legKey, callSid: STAFF_SID })),
    legKeys.map((legKey): CallEvent => ({ type: "staff_leg_declined", legKey, reason: "busy" })),
    legKeys.map((legKey): CallEvent => ({ type: "ring_timeout", legKey })),
    legKeys.map((legKey): CallEvent => ({ type: "staff_hung_up", legKey })),
    fc.constantFrom<CallEvent>(
      { type: "staff_candidates_found", staffIds: ["s1", "s2", "s3"] },
      { type: "transfer_requested", toStaffId: "s3", mode: "cold" },
      { type: "transfer_requested", toStaffId: "s3", mode: "warm" },
    ),
  );

  it("terminal states never regress, ignored events change nothing, ctx stays plain JSON", () => {
    fc.assert(
      fc.property(fc.array(event, { maxLength: 40 }), (events) => {
        let state: CallState = "ringing";
        let ctx = inbound().ctx;
        for (const e of events) {
          const snapshot = JSON.stringify(ctx);
          const r = transition(state, e, ctx);
          expect(JSON.stringify(ctx)).toBe(snapshot);
          if (r.ignored) expect(r.ctx).toBe(ctx);
          if (state === "completed" || state === "failed") expect(r.state).toBe(state);
          expect(JSON.parse(JSON.stringify(r.ctx))).toEqual(r.ctx);
          state = r.state;
          ctx = r.ctx;
          if (state === "completed" || state === "failed") expect(ctx.timers).toEqual([]);
        }
      }),
      { numRuns: 500 },
    );
  });
});
