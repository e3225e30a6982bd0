/**
 * zod schemas for what crosses a boundary into the actor: machine events read
 * back from the mailbox (some were written by the web from API bodies) and the
 * context read back from PhoneCall.context. `satisfies` ties each schema to the
 * machine's own types, so a new event or field that is not added here fails
 * the typecheck instead of being dropped at runtime.
 */
import { z } from "zod";
import type { LegTracker } from "./callbacks";
import { CALL_STATES, TWILIO_CALL_STATUSES, type CallContext, type CallEffect, type CallEvent } from "./machine";

const legProbe = z.enum([...TWILIO_CALL_STATUSES, "unknown"]);
const declineReason = z.enum(["busy", "no-answer", "failed", "canceled"]);
const party = z.enum(["caller", "staff"]);
const uuid = z.uuid();
const endReason = z.enum([
  "caller_hung_up",
  "staff_hung_up",
  "conference_ended",
  "voicemail_recorded",
  "voicemail_no_recording",
  "hangup_requested",
  "staff_unreachable",
  "person_unreachable",
  "caller_gone_on_resume",
  "failed",
]);

const presence = z.enum(["available", "busy", "wrap_up", "away", "offline"]);

/** An effect read back from the outbox (call_effects.effect). */
export const callEffectSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("find_staff"), key: z.string(), preferredStaffId: z.string().nullable(), exclude: z.array(z.string()) }),
  z.object({ type: z.literal("dial_staff"), key: z.string(), legKey: z.string(), staffId: z.string(), conferenceName: z.string() }),
  z.object({ type: z.literal("dial_person"), key: z.string(), to: z.string(), conferenceName: z.string() }),
  z.object({ type: z.literal("start_voicemail"), key: z.string(), callSid: z.string() }),
  z.object({ type: z.literal("hangup_leg"), key: z.string(), callSid: z.string().nullable(), legKey: z.string() }),
  z.object({
    type: z.literal("update_participant"),
    key: z.string(),
    conferenceName: z.string(),
    callSid: z.string(),
    hold: z.boolean().optional(),
    muted: z.boolean().optional(),
  }),
  z.object({
    type: z.literal("schedule_timeout"),
    key: z.string(),
    ms: z.number(),
    timer: z.enum(["ring", "voicemail_wait", "queue_wait", "queue_retry"]),
    legKey: z.string().optional(),
  }),
  z.object({ type: z.literal("cancel_timeout"), key: z.string(), timerKey: z.string() }),
  z.object({ type: z.literal("set_presence"), key: z.string(), staffId: z.string(), presence, callEnded: z.boolean(), softphoneLost: z.boolean().optional() }),
  z.object({
    type: z.literal("record_interaction"),
    key: z.string(),
    endReason,
    staffId: z.string().nullable(),
    recordingSid: z.string().nullable(),
  }),
]) satisfies z.ZodType<CallEffect>;

type UnparsedEffect = Exclude<CallEffect["type"], z.infer<typeof callEffectSchema>["type"]>;
export const EVERY_EFFECT_PARSED: [UnparsedEffect] extends [never] ? true : never = true;

export const callEventSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("call_started"), personId: uuid.nullable(), preferredStaffId: uuid.nullable() }),
  z.object({ type: z.literal("outbound_started"), staffId: uuid, personId: uuid.nullable(), to: z.string().min(1) }),
  z.object({ type: z.literal("staff_candidates_found"), staffIds: z.array(uuid) }),
  z.object({ type: z.literal("no_staff_available"), onShift: z.number().int().nonnegative().optional() }),
  z.object({ type: z.literal("staff_freed") }),
  z.object({ type: z.literal("queue_timeout") }),
  z.object({ type: z.literal("queue_retry") }),
  z.object({ type: z.literal("staff_leg_created"), legKey: z.string(), callSid: z.string() }),
  z.object({ type: z.literal("staff_leg_answered"), legKey: z.string(), callSid: z.string().optional() }),
  z.object({ type: z.literal("staff_leg_declined"), legKey: z.string(), reason: declineReason }),
  z.object({ type: z.literal("ring_timeout"), legKey: z.string() }),
  z.object({ type: z.literal("staff_hung_up"), legKey: z.string() }),
  z.object({ type: z.literal("person_leg_created"), callSid: z.string() }),
  z.object({ type: z.literal("person_leg_answered") }),
  z.object({ type: z.literal("person_leg_declined"), reason: declineReason }),
  z.object({ type: z.literal("caller_hung_up") }),
  z.object({ type: z.literal("conference_ended") }),
  z.object({ type: z.literal("recording_completed"), recordingSid: z.string(), recordingUrl: z.string(), durationSec: z.number() }),
  z.object({ type: z.literal("voicemail_finished") }),
  z.object({ type: z.literal("voicemail_timeout") }),
  z.object({ type: z.literal("hold_requested"), party, hold: z.boolean() }),
  z.object({ type: z.literal("mute_requested"), party, muted: z.boolean() }),
  z.object({ type: z.literal("transfer_requested"), toStaffId: uuid, mode: z.enum(["warm", "cold"]) }),
  z.object({ type: z.literal("transfer_handover") }),
  z.object({ type: z.literal("transfer_cancelled") }),
  z.object({ type: z.literal("hangup_requested") }),
  z.object({ type: z.literal("resumed"), caller: legProbe.nullable(), staffLeg: legProbe.nullable(), transferLeg: legProbe.nullable() }),
  z.object({ type: z.literal("failed"), reason: z.string() }),
  z.object({ type: z.literal("effect_failed"), effect: callEffectSchema, reason: z.string() }),
]) satisfies z.ZodType<CallEvent>;

// Every event type of the machine has a schema above (satisfies only checks the other way).
type Unparsed = Exclude<CallEvent["type"], z.infer<typeof callEventSchema>["type"]>;
export const EVERY_EVENT_PARSED: [Unparsed] extends [never] ? true : never = true;

const staffLeg = z.object({ legKey: z.string(), staffId: z.string(), callSid: z.string().nullable(), answered: z.boolean() });
const flags = z.object({ caller: z.boolean(), staff: z.boolean() });

export const callContextSchema = z.object({
  callSid: z.string(),
  direction: z.enum(["inbound", "outbound"]),
  conferenceName: z.string(),
  personId: z.string().nullable(),
  identified: z.boolean(),
  preferredStaffId: z.string().nullable(),
  ringTimeoutMs: z.number(),
  maxAttempts: z.number(),
  voicemailWaitMs: z.number(),
  // calls stored before the queue existed read as "no queue"
  queueMaxWaitMs: z.number().default(0),
  queueStarted: z.boolean().default(false),
  queueTimedOut: z.boolean().default(false),
  queueSeq: z.number().default(0),
  legSeq: z.number(),
  attempts: z.number(),
  tried: z.array(z.string()),
  unreachable: z.array(z.string()).default([]),
  leg: staffLeg.nullable(),
  transfer: z.object({ mode: z.literal("warm"), leg: staffLeg, phase: z.enum(["dialing", "consulting"]) }).nullable(),
  person: z.object({ to: z.string(), callSid: z.string().nullable(), answered: z.boolean() }).nullable(),
  hold: flags,
  mute: flags,
  opSeq: z.number(),
  timers: z.array(z.string()),
  callerGone: z.boolean(),
  recording: z.object({ sid: z.string(), url: z.string(), durationSec: z.number() }).nullable(),
  endReason: endReason.nullable(),
  failure: z.string().nullable(),
}) satisfies z.ZodType<CallContext>;

const statusCallback = z.object({
  callSid: z.string(),
  status: z.enum(TWILIO_CALL_STATUSES),
  sequenceNumber: z.number(),
  timestamp: z.string(),
});

const legTracker = z.object({
  callSid: z.string(),
  nextSeq: z.number(),
  pending: z.array(statusCallback),
  deliveredSeqs: z.array(z.number()),
  status: z.enum(TWILIO_CALL_STATUSES).nullable(),
  answered: z.boolean(),
  answeredAt: z.string().nullable(),
  endedAt: z.string().nullable(),
  terminal: z.boolean(),
  late: z.array(statusCallback),
  duplicates: z.number(),
}) satisfies z.ZodType<LegTracker>;

/**
 * PhoneCall.context: the machine's context plus, per Twilio leg, the status
 * callback tracker (SequenceNumber ordering survives a restart with the call).
 */
export const actorContextSchema = z.object({
  call: callContextSchema,
  legs: z.record(z.string(), legTracker),
});
export type ActorContext = z.infer<typeof actorContextSchema>;

export const callStateSchema = z.enum(CALL_STATES);

