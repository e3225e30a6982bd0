/**
 * Ordering of Twilio call status callbacks, per call leg. Twilio numbers the
 * callbacks of one leg with SequenceNumber (0, 1, 2, …) but may deliver them
 * twice or out of order. The tracker delivers each callback once, in sequence
 * order: one that arrives ahead of a gap waits in `pending` until the gap fills
 * (or `flushPending` gives up on the gap, e.g. from a short timer). Once a
 * terminal status is delivered, anything later is recorded in `late` and
 * reopens nothing. The tracker is plain JSON so it can live in PhoneCall.context.
 */
import { z } from "zod";
import { TWILIO_CALL_STATUSES, type CallEvent, type TwilioCallStatus } from "./machine-types";

export interface StatusCallback {
  callSid: string;
  status: TwilioCallStatus;
  sequenceNumber: number;
  /** as Twilio sent it (RFC 2822) */
  timestamp: string;
}

export interface LegTracker {
  callSid: string;
  nextSeq: number;
  pending: StatusCallback[];
  deliveredSeqs: number[];
  status: TwilioCallStatus | null;
  answered: boolean;
  answeredAt: string | null;
  endedAt: string | null;
  terminal: boolean;
  late: StatusCallback[];
  duplicates: number;
}

export type CallbackOutcome = "delivered" | "buffered" | "duplicate" | "late";

export interface ReceiveResult {
  tracker: LegTracker;
  outcome: CallbackOutcome;
  /** callbacks newly applied, in sequence order: turn these into machine events */
  delivered: StatusCallback[];
}

const TERMINAL = new Set<TwilioCallStatus>(["completed", "busy", "no-answer", "failed", "canceled"]);

export function isTerminalStatus(status: TwilioCallStatus): boolean {
  return TERMINAL.has(status);
}

export function newLegTracker(callSid: string, firstSeq = 0): LegTracker {
  return {
    callSid,
    nextSeq: firstSeq,
    pending: [],
    deliveredSeqs: [],
    status: null,
    answered: false,
    answeredAt: null,
    endedAt: null,
    terminal: false,
    late: [],
    duplicates: 0,
  };
}

export function receiveCallback(tracker: LegTracker, cb: StatusCallback): ReceiveResult {
  const t = structuredClone(tracker);
  const seq = cb.sequenceNumber;
  const seen =
    t.deliveredSeqs.includes(seq) || t.pending.some((p) => p.sequenceNumber === seq) || t.late.some((p) => p.sequenceNumber === seq);
  if (seen) {
    t.duplicates += 1;
    return { tracker: t, outcome: "duplicate", delivered: [] };
  }
  if (t.terminal || seq < t.nextSeq) {
    addLate(t, [cb]);
    return { tracker: t, outcome: "late", delivered: [] };
  }
  t.pending.push(cb);
  t.pending.sort((a, b) => a.sequenceNumber - b.sequenceNumber);
  const delivered = drain(t, false);
  return { tracker: t, outcome: delivered.length > 0 ? "delivered" : "buffered", delivered };
}

/** Stop waiting for missing sequence numbers and deliver what is pending, in order. */
export function flushPending(tracker: LegTracker): Omit<ReceiveResult, "outcome"> {
  const t = structuredClone(tracker);
  return { tracker: t, delivered: drain(t, true) };
}

function drain(t: LegTracker, skipGaps: boolean): StatusCallback[] {
  const delivered: StatusCallback[] = [];
  while (t.pending.length > 0) {
    const head = t.pending[0] as StatusCallback;
    if (t.terminal) {
      addLate(t, t.pending);
      t.pending = [];
      break;
    }
    if (head.sequenceNumber !== t.nextSeq && !skipGaps) break;
    t.pending.shift();
    apply(t, head);
    delivered.push(head);
  }
  return delivered;
}

function addLate(t: LegTracker, cbs: readonly StatusCallback[]): void {
  t.late.push(...cbs);
  t.late.sort((a, b) => a.sequenceNumber - b.sequenceNumber);
}

function apply(t: LegTracker, cb: StatusCallback): void {
  t.nextSeq = cb.sequenceNumber + 1;
  t.deliveredSeqs.push(cb.sequenceNumber);
  t.status = cb.status;
  if (cb.status === "in-progress" && !t.answered) {
    t.answered = true;
    t.answeredAt = cb.timestamp;
  }
  if (isTerminalStatus(cb.status)) {
    t.terminal = true;
    t.endedAt = cb.timestamp;
  }
}

/** Which leg of the call a callback belongs to, as the actor knows it from ctx. */
export type LegRole = { kind: "caller" } | { kind: "person" } | { kind: "staff"; legKey: string };

/** Machine events for callbacks delivered on one leg. */
export function eventsForCallbacks(role: LegRole, delivered: readonly StatusCallback[]): CallEvent[] {
  return delivered.flatMap((cb) => {
    const event = eventForStatus(role, cb);
    return event ? [event] : [];
  });
}

function eventForStatus(role: LegRole, cb: StatusCallback): CallEvent | null {
  const { status, callSid } = cb;
  switch (role.kind) {
    case "caller":
      return isTerminalStatus(status) ? { type: "caller_hung_up" } : null;
    case "person":
      if (status === "in-progress") return { type: "person_leg_answered" };
      if (status === "completed") return { type: "caller_hung_up" };
      if (isTerminalStatus(status)) return { type: "person_leg_declined", reason: status as DeclineStatus };
      return { type: "person_leg_created", callSid };
    case "staff":
      if (status === "in-progress") return { type: "staff_leg_answered", legKey: role.legKey, callSid };
      if (status === "completed") return { type: "staff_hung_up", legKey: role.legKey };
      if (isTerminalStatus(status)) return { type: "staff_leg_declined", legKey: role.legKey, reason: status as DeclineStatus };
      return { type: "staff_leg_created", legKey: role.legKey, callSid };
    default: {
      const never: never = role;
      return never;
    }
  }
}

type DeclineStatus = "busy" | "no-answer" | "failed" | "canceled";

const statusCallbackParams = z.object({
  CallSid: z.string().regex(/^CA[0-9a-f]{32}$/),
  CallStatus: z.enum(TWILIO_CALL_STATUSES),
  SequenceNumber: z.coerce.number().int().nonnegative(),
  Timestamp: z.string().min(1),
});

/** Parse the form params of a Twilio call status callback (already signature-checked). */
export function parseStatusCallback(
  params: Record<string, string>,
): { ok: true; value: StatusCallback } | { ok: false; reason: "malformed"; issues: string[] } {
  const parsed = statusCallbackParams.safeParse(params);
  if (!parsed.success) {
    return { ok: false, reason: "malformed", issues: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`) };
  }
  const p = parsed.data;
  return { ok: true, value: { callSid: p.CallSid, status: p.CallStatus, sequenceNumber: p.SequenceNumber, timestamp: p.Timestamp } };
}
