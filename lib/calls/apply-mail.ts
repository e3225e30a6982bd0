/**
 * One mailbox row → the machine events it stands for → transitions. Pure: the
 * actor persists what this returns before running any effect. Status callbacks
 * go through their leg's tracker first (duplicates dropped, SequenceNumber order
 * restored, nothing after a terminal status); a gap waits for a flush timer.
 */
import {
  eventsForCallbacks,
  flushPending,
  newLegTracker,
  receiveCallback,
  type LegRole,
  type LegTracker,
  type StatusCallback,
} from "./callbacks";
import { isTerminal, transition, type CallEvent, type CallState } from "./machine";
import type { Mail } from "./mailbox";
import type { ActorContext } from "./schemas";
import type { Step, TransitionRecord } from "./store";

/** How long a leg waits for a missing SequenceNumber before delivering what came after it. */
export const SEQUENCE_GAP_WAIT_MS = 1_500;
/** How long the end of a conference waits for the leg callbacks that explain it. */
export const CONFERENCE_END_GRACE_MS = 2_000;

export function applyMail(state: CallState, actor: ActorContext, mailId: bigint, mail: Mail): Step {
  const legs = { ...actor.legs };
  const extra: Step["mail"] = [];
  let events: CallEvent[] = [];
  let outcome = "applied";
  switch (mail.kind) {
    case "status": {
      const p = mail.payload;
      const key = trackerKey(mail.leg, p.callSid);
      const cb: StatusCallback = { callSid: p.callSid, status: p.status, sequenceNumber: p.sequenceNumber, timestamp: p.timestamp };
      const r = receiveCallback(legs[key] ?? newLegTracker(p.callSid), cb);
      legs[key] = r.tracker;
      events = eventsForCallbacks(roleOf(mail.leg), r.delivered);
      outcome = r.outcome;
      if (r.outcome === "buffered") {
        extra.push({ dedupeKey: `flush:${key}:${r.tracker.nextSeq}`, mail: { kind: "flush", leg: key, payload: {} }, dueInMs: SEQUENCE_GAP_WAIT_MS });
      }
      break;
    }
    case "flush": {
      const tracker: LegTracker | undefined = legs[mail.leg];
      if (!tracker) return unchanged(state, actor, mailId, "no such leg");
      const r = flushPending(tracker);
      legs[mail.leg] = r.tracker;
      events = eventsForCallbacks(roleOf(mail.leg.split("|")[0] ?? ""), r.delivered);
      outcome = r.delivered.length > 0 ? "flushed" : "nothing pending";
      break;
    }
    case "conference":
      // Participant join/leave/hold are recorded only. The conference ending is a fact for the machine, but
      // the legs' own callbacks say why (the caller hung up, staff left) and race it here: give them a moment.
      outcome = "recorded";
      if (mail.payload.event === "conference-end" && !isTerminal(state)) {
        extra.push({
          dedupeKey: `conference-end:${mail.payload.conferenceSid}`,
          mail: { kind: "timer", leg: null, payload: { type: "conference_ended" } },
          dueInMs: CONFERENCE_END_GRACE_MS,
        });
        outcome = "recorded, checked again shortly";
      }
      break;
    case "recording": {
      const p = mail.payload;
      events = p.status === "completed" ? [{ type: "recording_completed", recordingSid: p.recordingSid, recordingUrl: p.recordingUrl, durationSec: p.durationSec }] : [];
      outcome = events.length ? "applied" : `recording ${p.status}`;
      break;
    }
    case "voicemail_done":
      events = [{ type: "voicemail_finished" }];
      break;
    case "machine":
    case "timer":
      events = [mail.payload];
      break;
    default: {
      const never: never = mail;
      return never;
    }
  }
  let at: { state: CallState; actor: ActorContext } = { state, actor: { ...actor, legs } };
  const transitions: TransitionRecord[] = [];
  const effects: Step["effects"] = [];
  for (const event of events) {
    const r = transition(at.state, event, at.actor.call);
    transitions.push({ from: at.state, to: r.state, event, ignored: r.ignored });
    effects.push(...r.effects);
    at = { state: r.state, actor: { ...at.actor, call: r.ctx } };
  }
  // the machine had nothing to do with it (a duplicate fact, a command in the wrong state): say so
  if (transitions.length > 0 && transitions.every((t) => t.ignored)) outcome = outcome === "applied" ? "ignored" : `${outcome}, ignored`;
  return { mailId, outcome, transitions, effects, state: at.state, actor: at.actor, mail: extra };
}

function unchanged(state: CallState, actor: ActorContext, mailId: bigint, outcome: string): Step {
  return { mailId, outcome, transitions: [], effects: [], state, actor, mail: [] };
}

/** One tracker per Twilio leg: the leg's role and its CallSid (a stray second leg under one key stays apart). */
export function trackerKey(leg: string, callSid: string): string {
  return `${leg}|${callSid}`;
}

/** The `leg` of a status callback: "caller", "person", or a staff leg's key. */
export function roleOf(leg: string): LegRole {
  if (leg === "caller") return { kind: "caller" };
  if (leg === "person") return { kind: "person" };
  return { kind: "staff", legKey: leg };
}
