/**
 * Types of the call state machine: states (exactly the DB enum CallState),
 * events (facts from Twilio, the effect runner, timers, and staff commands),
 * effects (data the actor's runner performs, each with an idempotency key) and
 * the context persisted as PhoneCall.context (plain JSON).
 */
import type { StaffPresence } from "./routing";

export const CALL_STATES = [
  "ringing",
  "finding_staff",
  "dialing_staff",
  /** everyone on shift is busy: the caller waits (hold audio) for the next staff member to be free */
  "queued",
  "conference",
  "voicemail",
  "completed",
  "failed",
] as const;
export type CallState = (typeof CALL_STATES)[number];
export type TerminalState = "completed" | "failed";
export type ActiveState = Exclude<CallState, TerminalState>;

export function isTerminal(state: CallState): state is TerminalState {
  return state === "completed" || state === "failed";
}

/** Twilio's CallStatus values. */
export const TWILIO_CALL_STATUSES = [
  "queued",
  "initiated",
  "ringing",
  "in-progress",
  "completed",
  "busy",
  "no-answer",
  "failed",
  "canceled",
] as const;
export type TwilioCallStatus = (typeof TWILIO_CALL_STATUSES)[number];
export type DeclineReason = "busy" | "no-answer" | "failed" | "canceled";
/** What the actor learned about a leg when it asked Twilio after a restart. */
export type LegProbe = TwilioCallStatus | "unknown";

export type CallDirection = "inbound" | "outbound";

/** A staff leg this call created (or is about to create). */
export interface StaffLeg {
  legKey: string;
  staffId: string;
  /** null until the runner reports the Twilio CallSid (staff_leg_created) */
  callSid: string | null;
  answered: boolean;
}

export interface TransferState {
  mode: "warm";
  leg: StaffLeg;
  /** dialing: target rings, caller on hold; consulting: both staff talk */
  phase: "dialing" | "consulting";
}

export interface PartyFlags {
  caller: boolean;
  staff: boolean;
}
export type Party = keyof PartyFlags;

export interface PersonLeg {
  to: string;
  callSid: string | null;
  answered: boolean;
}

export type EndReason =
  | "caller_hung_up"
  | "staff_hung_up"
  | "conference_ended"
  | "voicemail_recorded"
  | "voicemail_no_recording"
  | "hangup_requested"
  | "staff_unreachable"
  | "person_unreachable"
  | "caller_gone_on_resume"
  | "failed";

export interface CallContext {
  /** inbound: the caller's CallSid; outbound: the PhoneCall's key sid */
  callSid: string;
  direction: CallDirection;
  conferenceName: string;
  personId: string | null;
  identified: boolean;
  preferredStaffId: string | null;
  ringTimeoutMs: number;
  /** after this many staff legs the caller goes to voicemail */
  maxAttempts: number;
  voicemailWaitMs: number;
  /** how long a caller may wait in the queue when everyone on shift is busy; 0: straight to voicemail */
  queueMaxWaitMs: number;
  /** the queue's wait was started (once per call: a caller re-queued after a missed offer keeps their deadline) */
  queueStarted: boolean;
  /** the wait is over: the next time nobody can be found, voicemail */
  queueTimedOut: boolean;
  /** counts queue re-checks; makes their timer keys unique */
  queueSeq: number;
  /** counts every staff leg created; makes legKeys unique */
  legSeq: number;
  /**
   * Staff legs that count toward maxAttempts. A leg declined "busy" before it had a
   * CallSid never rang (the runner could not claim that staff member: another call
   * had just taken them), so it gives its attempt back.
   */
  attempts: number;
  tried: string[];
  /** staff whose phone Twilio could not reach on this call once already: a second time counts as tried */
  unreachable: string[];
  /** the staff leg being dialled (dialing_staff) or connected (conference) */
  leg: StaffLeg | null;
  transfer: TransferState | null;
  /** outbound only: the person's leg */
  person: PersonLeg | null;
  /** conference participant flags as last requested; party "caller" is the person's leg */
  hold: PartyFlags;
  mute: PartyFlags;
  /** counts participant updates; makes their effect keys unique */
  opSeq: number;
  /** timers scheduled and not yet fired or cancelled, by key */
  timers: string[];
  /** the person's leg has ended (voicemail waits for the recording after this) */
  callerGone: boolean;
  recording: { sid: string; url: string; durationSec: number } | null;
  endReason: EndReason | null;
  failure: string | null;
}

export type CallEvent =
  | { type: "call_started"; personId: string | null; preferredStaffId: string | null }
  | { type: "outbound_started"; staffId: string; personId: string | null; to: string }
  | { type: "staff_candidates_found"; staffIds: string[] }
  /** onShift: staff whose softphone is connected and who are on shift (busy or wrapping up count): worth queueing for */
  | { type: "no_staff_available"; onShift?: number }
  /** someone became free (presence.ts offerToQueue): a queued call asks routing again */
  | { type: "staff_freed" }
  | { type: "queue_timeout" }
  | { type: "queue_retry" }
  | { type: "staff_leg_created"; legKey: string; callSid: string }
  | { type: "staff_leg_answered"; legKey: string; callSid?: string }
  | { type: "staff_leg_declined"; legKey: string; reason: DeclineReason }
  | { type: "ring_timeout"; legKey: string }
  | { type: "staff_hung_up"; legKey: string }
  | { type: "person_leg_created"; callSid: string }
  | { type: "person_leg_answered" }
  | { type: "person_leg_declined"; reason: DeclineReason }
  | { type: "caller_hung_up" }
  | { type: "conference_ended" }
  | { type: "recording_completed"; recordingSid: string; recordingUrl: string; durationSec: number }
  | { type: "voicemail_finished" }
  | { type: "voicemail_timeout" }
  | { type: "hold_requested"; party: Party; hold: boolean }
  | { type: "mute_requested"; party: Party; muted: boolean }
  | { type: "transfer_requested"; toStaffId: string; mode: "warm" | "cold" }
  | { type: "transfer_handover" }
  | { type: "transfer_cancelled" }
  | { type: "hangup_requested" }
  /**
   * After a restart the actor asks Twilio about each leg in ctx and reports it;
   * null: ctx has no such leg (or no CallSid for it yet).
   */
  | { type: "resumed"; caller: LegProbe | null; staffLeg: LegProbe | null; transferLeg: LegProbe | null }
  | { type: "failed"; reason: string }
  /**
   * The runner gave up on an effect (every attempt failed, or Twilio refused it for
   * good); the effect names its type, key and leg. The machine decides the safe end.
   */
  | { type: "effect_failed"; effect: CallEffect; reason: string };
export type CallEventType = CallEvent["type"];

export type TimerKind = "ring" | "voicemail_wait" | "queue_wait" | "queue_retry";

/** Every effect has `key`: the runner checks it before creating anything. */
export type CallEffect =
  | { type: "find_staff"; key: string; preferredStaffId: string | null; exclude: string[] }
  | { type: "dial_staff"; key: string; legKey: string; staffId: string; conferenceName: string }
  | { type: "dial_person"; key: string; to: string; conferenceName: string }
  | { type: "start_voicemail"; key: string; callSid: string }
  | { type: "hangup_leg"; key: string; callSid: string | null; legKey: string }
  | { type: "update_participant"; key: string; conferenceName: string; callSid: string; hold?: boolean; muted?: boolean }
  | { type: "schedule_timeout"; key: string; ms: number; timer: TimerKind; legKey?: string }
  | { type: "cancel_timeout"; key: string; timerKey: string }
  /**
   * busy: claim the staff member for a ring. available: release; the runner only
   * releases a staff member still "busy" (they may have gone away meanwhile), and
   * stamps lastCallEndedAt when callEnded.
   */
  | { type: "set_presence"; key: string; staffId: string; presence: StaffPresence; callEnded: boolean; softphoneLost?: boolean }
  | { type: "record_interaction"; key: string; endReason: EndReason; staffId: string | null; recordingSid: string | null };
export type CallEffectType = CallEffect["type"];

export interface TransitionResult {
  state: CallState;
  ctx: CallContext;
  effects: CallEffect[];
  /** true: nothing changed (ctx is the same object); the event is still recorded */
  ignored: boolean;
}

export interface NewCallInput {
  callSid: string;
  direction: CallDirection;
  conferenceName?: string;
  ringTimeoutMs?: number;
  maxAttempts?: number;
  voicemailWaitMs?: number;
  queueMaxWaitMs?: number;
}

export const DEFAULT_RING_TIMEOUT_MS = 20_000;
export const DEFAULT_MAX_ATTEMPTS = 5;
export const DEFAULT_VOICEMAIL_WAIT_MS = 30_000;

export function newCallContext(input: NewCallInput): CallContext {
  return {
    callSid: input.callSid,
    direction: input.direction,
    conferenceName: input.conferenceName ?? `call-${input.callSid}`,
    personId: null,
    identified: false,
    preferredStaffId: null,
    ringTimeoutMs: input.ringTimeoutMs ?? DEFAULT_RING_TIMEOUT_MS,
    maxAttempts: input.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
    voicemailWaitMs: input.voicemailWaitMs ?? DEFAULT_VOICEMAIL_WAIT_MS,
    queueMaxWaitMs: input.queueMaxWaitMs ?? 0,
    queueStarted: false,
    queueTimedOut: false,
    queueSeq: 0,
    legSeq: 0,
    attempts: 0,
    tried: [],
    unreachable: [],
    leg: null,
    transfer: null,
    person: null,
    hold: { caller: false, staff: false },
    mute: { caller: false, staff: false },
    opSeq: 0,
    timers: [],
    callerGone: false,
    recording: null,
    endReason: null,
    failure: null,
  };
}
