/**
 * <Record>: the speaking party talks for its `recordFor` seconds (capped by
 * maxLength) or until it hangs up; the recording is stored, its status callback
 * follows `recordingDelay` later, and the action URL is requested (on a hang-up
 * too, with Digits=hangup, though the answer is then ignored). Without an
 * action, Twilio requests the current document again.
 */
import { AbortedError, whenAborted } from "./clock";
import { callParams } from "./calls";
import type { Sim } from "./context";
import { API_VERSION, newSid, rfc2822 } from "./format";
import { isEnded, type SimCall, type SimRecording } from "./model";
import { numAttr, type TwimlNode } from "./twiml-parse";
import { method, resolveUrl, type Next } from "./verbs";

export async function recordVerb(sim: Sim, call: SimCall, verb: TwimlNode, docUrl: string | null, signal: AbortSignal): Promise<Next> {
  const epoch = sim.world.epoch;
  const speaker = call.direction === "inbound" ? call.from : call.to;
  const talk = Math.min(sim.world.behaviourFor(speaker).recordFor ?? 3, numAttr(verb.attrs.maxLength, 3600));
  const start = sim.clock.now();
  let cancelTalk = () => {};
  const talked = new Promise<"done">((resolve) => {
    cancelTalk = sim.clock.after(talk, () => resolve("done"));
  });
  await Promise.race([talked, whenAborted(signal)]); // a hang-up aborts the run's signal too
  cancelTalk();
  if (sim.world.epoch !== epoch) throw new AbortedError(); // the simulator was reset meanwhile
  const why = isEnded(call.status) ? "hangup" : signal.aborted ? "redirected" : "done";
  const recording = store(sim, call, start);
  notifyRecording(sim, call, recording, verb);
  const params: Record<string, string> = {
    RecordingSid: recording.sid,
    RecordingUrl: recordingUrl(sim, recording),
    RecordingDuration: String(recording.durationSec),
    ...(why === "hangup" ? { Digits: "hangup" } : {}),
  };
  const action = verb.attrs.action ? resolveUrl(verb.attrs.action, docUrl) : docUrl;
  if (why !== "done") {
    if (why === "hangup" && action) sim.hooks.fire("record-action", action, { ...callParams(sim, call), ...params }, method(verb.attrs.method));
    throw new AbortedError();
  }
  if (!action) return "continue";
  return { follow: { kind: "record-action", url: action, method: method(verb.attrs.method), params } };
}

function store(sim: Sim, call: SimCall, start: Date): SimRecording {
  const now = sim.clock.now();
  const recording: SimRecording = {
    sid: newSid("RE"),
    accountSid: call.accountSid,
    callSid: call.sid,
    conferenceSid: null,
    status: "completed",
    durationSec: sim.clock.secondsBetween(start, now),
    source: "RecordVerb",
    startTime: start,
    dateCreated: now,
    dateUpdated: now,
  };
  sim.world.recordings.set(recording.sid, recording);
  sim.world.changed();
  return recording;
}

export function recordingUrl(sim: Sim, r: SimRecording): string {
  return `${sim.baseUrl()}/${API_VERSION}/Accounts/${r.accountSid}/Recordings/${r.sid}`;
}

function notifyRecording(sim: Sim, call: SimCall, r: SimRecording, verb: TwimlNode): void {
  const url = verb.attrs.recordingStatusCallback;
  const events = (verb.attrs.recordingStatusCallbackEvent ?? "completed").split(/[\s,]+/);
  if (!url || !events.includes("completed")) return;
  const params = {
    AccountSid: r.accountSid,
    CallSid: call.sid,
    RecordingSid: r.sid,
    RecordingUrl: recordingUrl(sim, r),
    RecordingStatus: r.status,
    RecordingDuration: String(r.durationSec),
    RecordingChannels: "1",
    RecordingStartTime: rfc2822(r.startTime) as string,
    RecordingSource: r.source,
    ErrorCode: "0",
  };
  const m = method(verb.attrs.recordingStatusCallbackMethod);
  sim.clock.after(sim.opts.recordingDelay, () => sim.hooks.fire("recording-status", url, params, m));
}
