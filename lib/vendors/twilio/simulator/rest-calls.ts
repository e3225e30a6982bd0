/** REST: Calls, Conferences, Participants. */
import { endCall, newCall, placeCall, restartRun } from "./calls";
import { callTarget } from "./client-to";
import { addPendingParticipant, conferenceFor, endConference, joinConference, leaveConference, updateParticipant } from "./conferences";
import type { Sim } from "./context";
import { TwilioApiError, badRequest, notFound } from "./format";
import { isEnded, type SimCall, type SimConference, type SimParticipant } from "./model";
import { callJson, conferenceJson, page, participantJson } from "./resources";
import { bool, events, httpMethod, noContent, ok, required, type RestRequest, type RestResponse } from "./rest-types";
import { runCall } from "./runner";
import type { TwimlSource } from "./verbs";

export function createCall(sim: Sim, req: RestRequest): RestResponse {
  const f = req.form;
  const { to, params } = callTarget(required(f, "To", 21201, "No 'To' number is specified"));
  const from = required(f, "From", 21213, "No 'From' number is specified");
  const url = f.get("Url");
  const twiml = f.get("Twiml");
  if (!url && !twiml && !f.get("ApplicationSid")) throw badRequest(21205, "Url parameter is required.");
  const cb = f.get("StatusCallback");
  const call = newCall(sim, {
    from,
    to,
    direction: "outbound-api",
    url,
    method: httpMethod(f.get("Method")),
    twiml,
    fallbackUrl: f.get("FallbackUrl"),
    statusCallback: cb ? { url: cb, method: httpMethod(f.get("StatusCallbackMethod")) } : null,
    statusCallbackEvents: events(f, "StatusCallbackEvent"),
    timeoutSec: Number(f.get("Timeout") ?? 60) || 60,
    customParams: params,
  });
  call.rt.onAnswer = (c) => runCall(sim, c, sourceOf(c), c.rt.run.signal);
  void placeCall(sim, call);
  return ok(callJson(sim, call), 201);
}

function sourceOf(c: SimCall): TwimlSource {
  if (c.twiml) return { kind: "inline", twiml: c.twiml };
  return { kind: "voice", url: c.url ?? "", method: c.method, fallbackUrl: c.fallbackUrl };
}

export function getCall(sim: Sim, req: RestRequest, sid: string): SimCall {
  const call = sim.world.calls.get(sid);
  if (!call) throw notFound(req.fullPath);
  return call;
}

export function updateCall(sim: Sim, req: RestRequest, call: SimCall): RestResponse {
  const f = req.form;
  const status = f.get("Status");
  const url = f.get("Url");
  const twiml = f.get("Twiml");
  if (isEnded(call.status)) throw badRequest(21220, "Call is not in-progress. Cannot redirect.");
  if (status === "completed") endCall(sim, call, "completed");
  else if (status === "canceled") {
    if (call.status !== "in-progress") endCall(sim, call, "canceled");
  } else if (url || twiml) {
    call.url = url ?? null;
    call.twiml = twiml ?? null;
    call.method = httpMethod(f.get("Method"));
    if (call.status === "in-progress") {
      const source: TwimlSource = twiml ? { kind: "inline", twiml } : { kind: "redirect", url: url as string, method: call.method };
      const signal = restartRun(call);
      void runCall(sim, call, source, signal);
    }
  } else if (status) {
    throw badRequest(21218, `Invalid Status: ${status}`);
  }
  sim.world.changed();
  return ok(callJson(sim, call));
}

export function listCalls(sim: Sim, req: RestRequest): RestResponse {
  const q = req.query;
  const calls = [...sim.world.calls.values()]
    .filter((c) => match(q.get("To"), c.to) && match(q.get("From"), c.from) && match(q.get("Status"), c.status))
    .filter((c) => match(q.get("ParentCallSid"), c.parentCallSid ?? ""))
    .reverse()
    .map((c) => callJson(sim, c));
  return ok(page("calls", calls, req.fullPath, q));
}

const match = (want: string | null, have: string) => want === null || want === have;

/** Conferences are addressed by SID, or (Participants API) by friendly name. */
export function findConference(sim: Sim, req: RestRequest, id: string, createByName: boolean): SimConference {
  const bySid = sim.world.conferences.get(id);
  if (bySid) return bySid;
  if (!/^CF[0-9a-f]{32}$/.test(id)) {
    const byName = createByName ? conferenceFor(sim, id) : sim.world.activeConference(id);
    if (byName) return byName;
  }
  throw notFound(req.fullPath);
}

export function listConferences(sim: Sim, req: RestRequest): RestResponse {
  const q = req.query;
  const list = [...sim.world.conferences.values()]
    .filter((c) => match(q.get("FriendlyName"), c.friendlyName) && match(q.get("Status"), c.status))
    .reverse()
    .map(conferenceJson);
  return ok(page("conferences", list, req.fullPath, q));
}

export function updateConference(sim: Sim, req: RestRequest, conf: SimConference): RestResponse {
  if (req.form.get("Status") === "completed") endConference(sim, conf, "conference-ended-via-api", null);
  return ok(conferenceJson(conf));
}

export function createParticipant(sim: Sim, req: RestRequest, conf: SimConference): RestResponse {
  const f = req.form;
  if (conf.status === "completed") throw new TwilioApiError(400, 20001, "Conference is no longer in progress");
  const { to, params } = callTarget(required(f, "To", 21201, "No 'To' number is specified"));
  const from = required(f, "From", 21213, "No 'From' number is specified");
  const cb = f.get("StatusCallback");
  const confCb = f.get("ConferenceStatusCallback");
  const call = newCall(sim, {
    from,
    to,
    direction: "outbound-api",
    statusCallback: cb ? { url: cb, method: httpMethod(f.get("StatusCallbackMethod")) } : null,
    statusCallbackEvents: events(f, "StatusCallbackEvent"),
    timeoutSec: Number(f.get("Timeout") ?? 60) || 60,
    customParams: params,
  });
  const options = {
    startConferenceOnEnter: bool(f, "StartConferenceOnEnter") ?? true,
    endConferenceOnExit: bool(f, "EndConferenceOnExit") ?? false,
    muted: bool(f, "Muted") ?? false,
    label: f.get("Label"),
    statusCallback: confCb ? { url: confCb, method: httpMethod(f.get("ConferenceStatusCallbackMethod")) } : null,
    statusCallbackEvents: events(f, "ConferenceStatusCallbackEvent"),
  };
  const p = addPendingParticipant(sim, conf, call, options);
  call.rt.onAnswer = async (c) => {
    if (conf.status === "completed" || !conf.participants.has(c.sid)) return endCall(sim, c, "completed");
    try {
      await joinConference(sim, c, conf.friendlyName, options, c.rt.run.signal);
    } catch {
      return; // the call ended while in the conference
    }
    endCall(sim, c, "completed"); // an API participant has no TwiML after the conference
  };
  void call.rt.answered.promise.then((r) => {
    if (r !== "answered") leaveConference(sim, conf, call.sid, "participant_never_answered");
  });
  void placeCall(sim, call);
  return ok(participantJson(sim.opts.accountSid, p), 201);
}

export function findParticipant(req: RestRequest, conf: SimConference, id: string): SimParticipant {
  const p = conf.participants.get(id) ?? [...conf.participants.values()].find((x) => x.label === id);
  if (!p) throw notFound(req.fullPath);
  return p;
}

export function listParticipants(sim: Sim, req: RestRequest, conf: SimConference): RestResponse {
  const q = req.query;
  const list = [...conf.participants.values()]
    .filter((p) => match(q.get("Muted"), String(p.muted)) && match(q.get("Hold"), String(p.hold)))
    .map((p) => participantJson(sim.opts.accountSid, p));
  return ok(page("participants", list, req.fullPath, q));
}

export function changeParticipant(sim: Sim, req: RestRequest, conf: SimConference, p: SimParticipant): RestResponse {
  const f = req.form;
  const hold = bool(f, "Hold");
  const muted = bool(f, "Muted");
  const endConferenceOnExit = bool(f, "EndConferenceOnExit");
  updateParticipant(sim, conf, p, {
    ...(hold !== undefined ? { hold } : {}),
    ...(muted !== undefined ? { muted } : {}),
    ...(endConferenceOnExit !== undefined ? { endConferenceOnExit } : {}),
  });
  return ok(participantJson(sim.opts.accountSid, p));
}

export function removeParticipant(sim: Sim, conf: SimConference, p: SimParticipant): RestResponse {
  const call = sim.world.calls.get(p.callSid);
  leaveConference(sim, conf, p.callSid, "participant_updated_via_api");
  if (call && call.status !== "in-progress") endCall(sim, call, "canceled"); // still ringing: stop it
  return noContent();
}
