import { describe, expect, it } from "vitest";
import { applyMail, CONFERENCE_END_GRACE_MS, SEQUENCE_GAP_WAIT_MS, trackerKey } from "./apply-mail";
import type { CallState } from "./machine";
import { atState, L1, STAFF_SID } from "./machine.fixtures";
import type { Mail } from "./mailbox";
import type { ActorContext } from "./schemas";
import type { Step } from "./store";

const at = (state: CallState): { state: CallState; actor: ActorContext } => {
  const s = atState(state);
  return { state: s.state, actor: { call: s.ctx, legs: {} } };
};
const status = (seq: number, callStatus: "initiated" | "ringing" | "in-progress" | "completed"): Mail => ({
  kind: "status",
  leg: L1,
  payload: { callSid: STAFF_SID, status: callStatus, sequenceNumber: seq, timestamp: "Sun, 01 Mar 2026 10:00:00 +0000", duration: null },
});
/** Apply mails in order, as the actor would (each on the state the previous one left). */
function applyAll(start: { state: CallState; actor: ActorContext }, mails: Mail[]): Step[] {
  const steps: Step[] = [];
  let cur = start;
  mails.forEach((m, i) => {
    const s = applyMail(cur.state, cur.actor, BigInt(i + 1), m);
    steps.push(s);
    cur = { state: s.state, actor: s.actor };
  });
  return steps;
}

describe("applyMail", () => {
  it("orders a leg's callbacks by SequenceNumber, waiting for a gap with a flush timer", () => {
    const steps = applyAll(at("dialing_staff"), [status(3, "completed"), status(2, "in-progress"), status(1, "ringing"), status(0, "initiated")]);
    expect(steps.map((s) => s.outcome)).toEqual(["buffered", "buffered", "buffered", "delivered"]);
    expect(steps[0]?.mail).toEqual([
      { dedupeKey: `flush:${trackerKey(L1, STAFF_SID)}:0`, mail: { kind: "flush", leg: trackerKey(L1, STAFF_SID), payload: {} }, dueInMs: SEQUENCE_GAP_WAIT_MS },
    ]);
    // 0 fills the gap: 0..3 are applied in order, the leg answered then hung up
    expect(steps[3]?.transitions.map((t) => [t.event.type, t.to])).toEqual([
      ["staff_leg_created", "dialing_staff"],
      ["staff_leg_created", "dialing_staff"],
      ["staff_leg_answered", "conference"],
      ["staff_hung_up", "completed"],
    ]);
  });

  it("records a duplicate without a transition", () => {
    const steps = applyAll(at("dialing_staff"), [status(0, "initiated"), status(0, "initiated")]);
    expect(steps[1]).toMatchObject({ outcome: "duplicate", transitions: [], effects: [] });
  });

  it("a flush gives up on the gap and delivers what waited", () => {
    const [buffered, flushed] = applyAll(at("dialing_staff"), [status(2, "in-progress"), { kind: "flush", leg: trackerKey(L1, STAFF_SID), payload: {} }]);
    expect(buffered?.outcome).toBe("buffered");
    expect(flushed?.outcome).toBe("flushed");
    expect(flushed?.state).toBe("conference");
  });

  it("after a terminal status a leg's callbacks are late and change nothing", () => {
    const steps = applyAll(at("dialing_staff"), [status(0, "initiated"), status(1, "completed"), status(2, "in-progress")]);
    expect(steps[2]).toMatchObject({ outcome: "late", transitions: [] });
  });

  it("the end of a conference waits for the legs' own callbacks before it counts", () => {
    const end: Mail = { kind: "conference", leg: null, payload: { conferenceSid: `CF${"1".repeat(32)}`, event: "conference-end", callSid: null, sequenceNumber: 4 } };
    const live = applyMail("conference", at("conference").actor, 1n, end);
    expect(live).toMatchObject({ outcome: "recorded, checked again shortly", transitions: [], state: "conference" });
    expect(live.mail).toEqual([
      { dedupeKey: `conference-end:CF${"1".repeat(32)}`, mail: { kind: "timer", leg: null, payload: { type: "conference_ended" } }, dueInMs: CONFERENCE_END_GRACE_MS },
    ]);
    const done = at("completed");
    expect(applyMail(done.state, done.actor, 2n, end)).toMatchObject({ outcome: "recorded", mail: [] });
  });

  it("a recording that did not complete is recorded only", () => {
    const v = at("voicemail");
    const r = applyMail(v.state, v.actor, 1n, { kind: "recording", leg: null, payload: { recordingSid: "RE1", recordingUrl: "https://x", status: "absent", durationSec: 0 } });
    expect(r).toMatchObject({ outcome: "recording absent", transitions: [], state: "voicemail" });
  });

  it("a command the machine has no use for in this state is recorded as ignored", () => {
    const r = applyMail("dialing_staff", at("dialing_staff").actor, 1n, { kind: "machine", leg: null, payload: { type: "transfer_handover" } });
    expect(r).toMatchObject({ outcome: "ignored", state: "dialing_staff", effects: [] });
    expect(r.transitions).toEqual([{ from: "dialing_staff", to: "dialing_staff", event: { type: "transfer_handover" }, ignored: true }]);
  });
});
