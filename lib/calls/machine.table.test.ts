/**
 * Every state × every event (inbound call). Each cell: the next state, or
 * "ignored" (same state, same ctx object, no effects). The table's type makes a
 * new state or event a compile error here until someone decides its row.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CALL_STATES, transition, type CallEventType, type CallState } from "./machine";
import { SAMPLE_EVENTS, atState } from "./machine.fixtures";

type Cell = CallState | "ignored";
type Row = Record<CallState, Cell>;

const I = "ignored" as const;
const onlyIn = (state: CallState, next: CallState): Row => ({
  ringing: I,
  finding_staff: I,
  dialing_staff: I,
  queued: I,
  conference: I,
  voicemail: I,
  completed: I,
  failed: I,
  [state]: next,
});
const active = (next: (s: CallState) => Cell): Row => ({
  ringing: next("ringing"),
  finding_staff: next("finding_staff"),
  dialing_staff: next("dialing_staff"),
  queued: next("queued"),
  conference: next("conference"),
  voicemail: next("voicemail"),
  completed: I,
  failed: I,
});
const never: Row = onlyIn("ringing", "ringing");
never.ringing = I;

const TABLE: Record<CallEventType, Row> = {
  call_started: onlyIn("ringing", "finding_staff"),
  outbound_started: never, // inbound call
  staff_candidates_found: onlyIn("finding_staff", "dialing_staff"),
  no_staff_available: onlyIn("finding_staff", "voicemail"),
  // a leg this call does not know (any more) is hung up: same state, with an effect;
  // in the terminal fixtures L1 is known and was hung up by finish() already
  staff_leg_created: {
    ringing: "ringing",
    finding_staff: "finding_staff",
    dialing_staff: I, // same CallSid reported twice
    queued: "queued",
    conference: I,
    voicemail: "voicemail",
    completed: I,
    failed: I,
  },
  staff_leg_answered: onlyIn("dialing_staff", "conference"),
  staff_leg_declined: onlyIn("dialing_staff", "finding_staff"),
  ring_timeout: onlyIn("dialing_staff", "finding_staff"),
  staff_hung_up: { ...onlyIn("dialing_staff", "finding_staff"), conference: "completed" },
  person_leg_created: never,
  person_leg_answered: never,
  person_leg_declined: never,
  caller_hung_up: active((s) => (s === "voicemail" ? "voicemail" : "completed")),
  conference_ended: active((s) => (s === "voicemail" ? I : "completed")),
  recording_completed: onlyIn("voicemail", "completed"),
  voicemail_finished: onlyIn("voicemail", "voicemail"),
  voicemail_timeout: onlyIn("voicemail", "completed"),
  hold_requested: onlyIn("conference", "conference"),
  mute_requested: onlyIn("conference", "conference"),
  transfer_requested: onlyIn("conference", "conference"),
  transfer_handover: never, // no transfer in progress
  transfer_cancelled: never,
  hangup_requested: active(() => "completed"),
  resumed: {
    ...active((s) => s),
    ringing: I,
    dialing_staff: "conference", // Twilio says the staff leg is in-progress
    queued: "finding_staff", // still waiting: ask routing again at once
    conference: I, // everyone still there
  },
  failed: active(() => "failed"),
  // the sample: ringing L1 could not be placed (the policy per effect is in machine.effect-failed.test.ts)
  effect_failed: onlyIn("dialing_staff", "finding_staff"),
  staff_freed: onlyIn("queued", "finding_staff"),
  queue_retry: onlyIn("queued", "finding_staff"),
  queue_timeout: onlyIn("queued", "voicemail"),
};

describe("transition: every state × event", () => {
  for (const [eventType, row] of Object.entries(TABLE) as [CallEventType, Row][]) {
    for (const state of CALL_STATES) {
      const expected = row[state];
      it(`${state} + ${eventType} → ${expected}`, () => {
        const at = atState(state);
        expect(at.state).toBe(state);
        const before = structuredClone(at.ctx);
        const r = transition(state, SAMPLE_EVENTS[eventType], at.ctx);
        expect(at.ctx).toEqual(before); // input never mutated
        if (expected === "ignored") {
          expect(r.ignored).toBe(true);
          expect(r.state).toBe(state);
          expect(r.ctx).toBe(at.ctx);
          expect(r.effects).toEqual([]);
        } else {
          expect(r.ignored).toBe(false);
          expect(r.state).toBe(expected);
        }
        if (state === "completed" || state === "failed") {
          expect(r.state).toBe(state); // terminal never regresses
          expect(r.ctx).toBe(at.ctx);
        }
        for (const effect of r.effects) expect(effect.key).toMatch(/\S/);
      });
    }
  }
});

describe("CallState matches the database enum", () => {
  it("has exactly the values of enum CallState in prisma/schema.prisma", () => {
    const schema = readFileSync(path.resolve(import.meta.dirname, "../../prisma/schema.prisma"), "utf8");
    const body = /enum CallState \{([^}]*)\}/.exec(schema)?.[1] ?? "";
    const values = body.split(/\s+/).filter((w) => /^[a-z_]+$/.test(w));
    expect(values).toEqual([...CALL_STATES]);
  });
});
