import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  eventsForCallbacks,
  flushPending,
  newLegTracker,
  parseStatusCallback,
  receiveCallback,
  type LegTracker,
  type StatusCallback,
} from "./callbacks";
import { transition, type TwilioCallStatus } from "./machine";
import { L1, STAFF_SID, atState } from "./machine.fixtures";

const cb = (sequenceNumber: number, status: TwilioCallStatus): StatusCallback => ({
  callSid: STAFF_SID,
  status,
  sequenceNumber,
  timestamp: new Date(Date.UTC(2026, 0, 1, 12, 0, sequenceNumber)).toUTCString(),
});

function feed(callbacks: readonly StatusCallback[]): { tracker: LegTracker; delivered: StatusCallback[] } {
  let tracker = newLegTracker(STAFF_SID);
  const delivered: StatusCallback[] = [];
  for (const c of callbacks) {
    const r = receiveCallback(tracker, c);
    tracker = r.tracker;
    delivered.push(...r.delivered);
  }
  return { tracker, delivered };
}

describe("receiveCallback", () => {
  it("delivers in order, buffers ahead of a gap, drops duplicates", () => {
    let t = newLegTracker(STAFF_SID);
    const steps = [cb(1, "ringing"), cb(0, "initiated"), cb(0, "initiated"), cb(3, "completed"), cb(2, "in-progress")];
    const outcomes = steps.map((c) => {
      const r = receiveCallback(t, c);
      t = r.tracker;
      return [r.outcome, r.delivered.map((d) => d.sequenceNumber)];
    });
    expect(outcomes).toEqual([
      ["buffered", []],
      ["delivered", [0, 1]],
      ["duplicate", []],
      ["buffered", []],
      ["delivered", [2, 3]],
    ]);
    expect(t).toMatchObject({ status: "completed", answered: true, terminal: true, nextSeq: 4, duplicates: 1 });
  });

  it("records a callback after the terminal one but reopens nothing", () => {
    const { tracker } = feed([cb(0, "ringing"), cb(1, "completed")]);
    const r = receiveCallback(tracker, cb(2, "in-progress"));
    expect(r.outcome).toBe("late");
    expect(r.delivered).toEqual([]);
    expect(r.tracker.status).toBe("completed");
    expect(r.tracker.late.map((l) => l.sequenceNumber)).toEqual([2]);
  });

  it("flushPending gives up on a gap and delivers what waits, in order", () => {
    const { tracker } = feed([cb(0, "initiated"), cb(3, "completed"), cb(2, "in-progress")]);
    expect(tracker.pending).toHaveLength(2);
    const r = flushPending(tracker);
    expect(r.delivered.map((d) => d.status)).toEqual(["in-progress", "completed"]);
    const afterGap = receiveCallback(r.tracker, cb(1, "ringing"));
    expect(afterGap.outcome).toBe("late");
  });
});

describe("shuffled and duplicated callbacks", () => {
  const LIFECYCLES: TwilioCallStatus[][] = [
    ["initiated", "ringing", "in-progress", "completed"],
    ["initiated", "ringing", "no-answer"],
    ["initiated", "ringing", "busy"],
    ["queued", "initiated", "failed"],
    ["ringing", "in-progress", "completed"],
    ["initiated", "ringing", "in-progress", "completed", "completed"], // a stray one after the end
  ];

  const arrival = fc
    .constantFrom(...LIFECYCLES)
    .chain((statuses) => {
      const ordered = statuses.map((s, i) => cb(i, s));
      return fc.tuple(
        fc.constant(ordered),
        fc.shuffledSubarray(ordered, { minLength: ordered.length, maxLength: ordered.length }),
        fc.array(fc.tuple(fc.nat(ordered.length - 1), fc.nat(ordered.length * 2)), { maxLength: 6 }),
      );
    })
    .map(([ordered, shuffled, dups]) => {
      const arrived = [...shuffled];
      for (const [which, at] of dups) arrived.splice(Math.min(at, arrived.length), 0, ordered[which] as StatusCallback);
      return { ordered, arrived };
    });

  it("end in the same tracker state and the same machine state as ordered ones", () => {
    fc.assert(
      fc.property(arrival, ({ ordered, arrived }) => {
        const a = feed(ordered);
        const b = feed(arrived);
        const { duplicates: _d1, ...ta } = a.tracker;
        const { duplicates: _d2, ...tb } = b.tracker;
        expect(tb).toEqual(ta);
        expect(b.delivered).toEqual(a.delivered);

        const machine = (delivered: StatusCallback[]) => {
          let { state, ctx } = atState("dialing_staff");
          for (const e of eventsForCallbacks({ kind: "staff", legKey: L1 }, delivered)) {
            ({ state, ctx } = transition(state, e, ctx));
          }
          return { state, ctx };
        };
        expect(machine(b.delivered)).toEqual(machine(a.delivered));
      }),
      { numRuns: 1000 },
    );
  });
});

describe("eventsForCallbacks", () => {
  it("maps a staff leg's statuses to machine events", () => {
    const events = eventsForCallbacks({ kind: "staff", legKey: L1 }, [cb(0, "ringing"), cb(1, "in-progress"), cb(2, "completed")]);
    expect(events.map((e) => e.type)).toEqual(["staff_leg_created", "staff_leg_answered", "staff_hung_up"]);
    expect(eventsForCallbacks({ kind: "staff", legKey: L1 }, [cb(0, "busy")])).toEqual([
      { type: "staff_leg_declined", legKey: L1, reason: "busy" },
    ]);
    expect(eventsForCallbacks({ kind: "caller" }, [cb(0, "ringing"), cb(1, "completed")])).toEqual([{ type: "caller_hung_up" }]);
    expect(eventsForCallbacks({ kind: "person" }, [cb(0, "no-answer")])).toEqual([{ type: "person_leg_declined", reason: "no-answer" }]);
  });
});

describe("parseStatusCallback", () => {
  it("parses Twilio's form params", () => {
    const r = parseStatusCallback({
      CallSid: STAFF_SID,
      CallStatus: "in-progress",
      SequenceNumber: "2",
      Timestamp: "Thu, 01 Jan 2026 12:00:02 +0000",
      AccountSid: "AC1",
    });
    expect(r).toEqual({ ok: true, value: { callSid: STAFF_SID, status: "in-progress", sequenceNumber: 2, timestamp: "Thu, 01 Jan 2026 12:00:02 +0000" } });
  });

  it("refuses a malformed callback", () => {
    const r = parseStatusCallback({ CallSid: STAFF_SID, CallStatus: "exploded", SequenceNumber: "x", Timestamp: "" });
    expect(r.ok).toBe(false);
  });
});
