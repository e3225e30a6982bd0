/**
 * Conferences: join (from <Dial><Conference> or the Participants API), leave,
 * end, hold and mute, with the conference status callbacks Twilio sends
 * (conference-start/end, participant-join/leave/hold/unhold/mute/unmute).
 */
import { AbortedError, Latch, whenAborted } from "./clock";
import type { Sim } from "./context";
import { newSid, rfc2822 } from "./format";
import type { Callback, SimCall, SimConference, SimParticipant } from "./model";

export interface JoinOptions {
  startConferenceOnEnter: boolean;
  endConferenceOnExit: boolean;
  muted: boolean;
  label: string | null;
  statusCallback: Callback | null;
  /** the noun's statusCallbackEvent words: start end join leave mute hold modify speaker announcement */
  statusCallbackEvents: string[];
}

export function createConference(sim: Sim, friendlyName: string): SimConference {
  const now = sim.clock.now();
  const conf: SimConference = {
    sid: newSid("CF"),
    accountSid: sim.opts.accountSid,
    friendlyName,
    status: "init",
    dateCreated: now,
    dateUpdated: now,
    participants: new Map(),
    statusCallback: null,
    statusCallbackEvents: new Set(),
    seq: 0,
    reasonEnded: null,
    callSidEnding: null,
  };
  sim.world.conferences.set(conf.sid, conf);
  sim.world.changed();
  return conf;
}

export function conferenceFor(sim: Sim, friendlyName: string): SimConference {
  return sim.world.activeConference(friendlyName) ?? createConference(sim, friendlyName);
}

/** A participant that exists before its call answers (Participants API). */
export function addPendingParticipant(sim: Sim, conf: SimConference, call: SimCall, o: JoinOptions): SimParticipant {
  const now = sim.clock.now();
  const p: SimParticipant = {
    callSid: call.sid,
    conferenceSid: conf.sid,
    label: o.label,
    muted: o.muted,
    hold: false,
    startConferenceOnEnter: o.startConferenceOnEnter,
    endConferenceOnExit: o.endConferenceOnExit,
    status: "queued",
    dateCreated: now,
    dateUpdated: now,
    left: new Latch(),
  };
  conf.participants.set(call.sid, p);
  call.conferenceSid = conf.sid;
  adoptCallback(conf, o);
  sim.world.changed();
  return p;
}

function adoptCallback(conf: SimConference, o: JoinOptions): void {
  if (conf.statusCallback || !o.statusCallback) return;
  conf.statusCallback = o.statusCallback;
  conf.statusCallbackEvents = new Set(o.statusCallbackEvents.length ? o.statusCallbackEvents : ["start", "end"]);
}

/** Put the call in the conference and wait until it leaves; returns why it left. */
export async function joinConference(sim: Sim, call: SimCall, friendlyName: string, o: JoinOptions, signal: AbortSignal): Promise<string> {
  const conf = conferenceFor(sim, friendlyName);
  const p = conf.participants.get(call.sid) ?? addPendingParticipant(sim, conf, call, o);
  adoptCallback(conf, o);
  p.status = "connected";
  p.dateUpdated = sim.clock.now();
  call.conferenceSid = conf.sid;
  notify(sim, conf, "join", "participant-join", p);
  if (p.startConferenceOnEnter && conf.status === "init") {
    conf.status = "in-progress";
    conf.dateUpdated = sim.clock.now();
    notify(sim, conf, "start", "conference-start");
  }
  sim.world.changed();
  const why = await Promise.race([p.left.promise, whenAborted(signal)]);
  if (why !== "aborted") return why;
  leaveConference(sim, conf, call.sid, "participant_hung_up");
  throw new AbortedError();
}

export function leaveConference(sim: Sim, conf: SimConference, callSid: string, reason: string): void {
  const p = conf.participants.get(callSid);
  if (!p) return;
  conf.participants.delete(callSid);
  const call = sim.world.calls.get(callSid);
  if (call?.conferenceSid === conf.sid) call.conferenceSid = null;
  const wasConnected = p.status === "connected";
  p.status = "complete";
  p.dateUpdated = sim.clock.now();
  p.left.resolve(reason);
  if (wasConnected) notify(sim, conf, "leave", "participant-leave", p, { ReasonParticipantLeft: reason });
  if (conf.status === "completed") return;
  if (wasConnected && p.endConferenceOnExit) {
    endConference(sim, conf, "participant-with-end-conference-on-exit-left", callSid);
  } else if (![...conf.participants.values()].some((x) => x.status === "connected") && wasConnected) {
    endConference(sim, conf, "last-participant-left", callSid);
  }
  sim.world.changed();
}

export function endConference(sim: Sim, conf: SimConference, reason: string, callSid: string | null): void {
  if (conf.status === "completed") return;
  conf.status = "completed";
  conf.reasonEnded = reason;
  conf.callSidEnding = callSid;
  conf.dateUpdated = sim.clock.now();
  for (const sid of [...conf.participants.keys()]) leaveConference(sim, conf, sid, "conference_ended");
  notify(sim, conf, "end", "conference-end", undefined, {
    ReasonConferenceEnded: reason,
    ...(callSid ? { CallSidEndingConference: callSid } : {}),
  });
  sim.world.changed();
}

export function updateParticipant(
  sim: Sim,
  conf: SimConference,
  p: SimParticipant,
  change: { hold?: boolean; muted?: boolean; endConferenceOnExit?: boolean },
): void {
  if (change.hold !== undefined && change.hold !== p.hold) {
    p.hold = change.hold;
    notify(sim, conf, "hold", p.hold ? "participant-hold" : "participant-unhold", p);
  }
  if (change.muted !== undefined && change.muted !== p.muted) {
    p.muted = change.muted;
    notify(sim, conf, "mute", p.muted ? "participant-mute" : "participant-unmute", p);
  }
  if (change.endConferenceOnExit !== undefined) p.endConferenceOnExit = change.endConferenceOnExit;
  p.dateUpdated = sim.clock.now();
  sim.world.changed();
}

function notify(
  sim: Sim,
  conf: SimConference,
  word: string,
  event: string,
  p?: SimParticipant,
  extra: Record<string, string> = {},
): void {
  const cb = conf.statusCallback;
  if (!cb || !conf.statusCallbackEvents.has(word)) return;
  const params: Record<string, string> = {
    AccountSid: conf.accountSid,
    ConferenceSid: conf.sid,
    FriendlyName: conf.friendlyName,
    StatusCallbackEvent: event,
    SequenceNumber: String(conf.seq++),
    Timestamp: rfc2822(sim.clock.now()) as string,
    ...(p
      ? {
          CallSid: p.callSid,
          Muted: String(p.muted),
          Hold: String(p.hold),
          Coaching: "false",
          EndConferenceOnExit: String(p.endConferenceOnExit),
          StartConferenceOnEnter: String(p.startConferenceOnEnter),
          ...(p.label ? { ParticipantLabel: p.label } : {}),
        }
      : {}),
    ...extra,
  };
  sim.hooks.fire("conference-status", cb.url, params, cb.method);
}
