/**
 * The REST API under /2010-04-01/Accounts/{AccountSid}/…: Basic auth with
 * AccountSid:AuthToken, form-encoded bodies, Twilio's JSON and error shapes.
 */
import type { Sim } from "./context";
import { ConnectionReset, TwilioApiError, notFound } from "./format";
import type { RestFault } from "./model";
import { callJson, conferenceJson, messageJson, participantJson, recordingJson } from "./resources";
import * as calls from "./rest-calls";
import * as msgs from "./rest-messages";
import { ok, type RestRequest, type RestResponse } from "./rest-types";

const ACCOUNT_PATH = /^\/2010-04-01\/Accounts\/([^/]+)(\/.*)$/;

export function isRestPath(pathname: string): boolean {
  return pathname.startsWith("/2010-04-01/");
}

export function authorized(sim: Sim, authorization: string | undefined): boolean {
  const m = /^Basic\s+(.+)$/i.exec(authorization ?? "");
  if (!m) return false;
  const decoded = Buffer.from(m[1] as string, "base64").toString("utf8");
  const i = decoded.indexOf(":");
  return decoded.slice(0, i) === sim.opts.accountSid && decoded.slice(i + 1) === sim.opts.authToken;
}

export const UNAUTHORIZED = new TwilioApiError(401, 20003, "Authenticate");

export function handleRest(sim: Sim, method: string, pathname: string, query: URLSearchParams, form: URLSearchParams): RestResponse {
  const m = ACCOUNT_PATH.exec(pathname);
  if (!m || m[1] !== sim.opts.accountSid) throw notFound(pathname);
  const req: RestRequest = { method, path: m[2] as string, fullPath: pathname, query, form };
  const fault = takeFault(sim, req);
  if (fault?.when === "before") throw faultError(fault);
  const res = route(sim, req);
  if (!res) throw notFound(pathname);
  if (fault) throw faultError(fault);
  return res;
}

function takeFault(sim: Sim, req: RestRequest): RestFault | null {
  const faults = sim.world.restFaults;
  const i = faults.findIndex((f) => f.method === req.method && f.path === req.path && f.times > 0);
  if (i < 0) return null;
  const fault = faults[i] as RestFault;
  fault.times -= 1;
  if (fault.times === 0) faults.splice(i, 1);
  return fault;
}

function faultError(f: RestFault): Error {
  if (f.answer === "reset") return new ConnectionReset();
  return new TwilioApiError(f.answer, f.code ?? 20500, f.message ?? "Service unavailable (injected)");
}

function route(sim: Sim, req: RestRequest): RestResponse | null {
  const { method: verb, path } = req;
  const is = (re: RegExp) => re.exec(path);
  let m: RegExpExecArray | null;
  if ((m = is(/^\/Calls\.json$/))) {
    if (verb === "POST") return calls.createCall(sim, req);
    if (verb === "GET") return calls.listCalls(sim, req);
  } else if ((m = is(/^\/Calls\/([^/]+)\.json$/))) {
    const call = calls.getCall(sim, req, m[1] as string);
    if (verb === "GET") return ok(callJson(sim, call));
    if (verb === "POST") return calls.updateCall(sim, req, call);
  } else if ((m = is(/^\/Conferences\.json$/))) {
    if (verb === "GET") return calls.listConferences(sim, req);
  } else if ((m = is(/^\/Conferences\/([^/]+)\.json$/))) {
    const conf = calls.findConference(sim, req, decodeURIComponent(m[1] as string), false);
    if (verb === "GET") return ok(conferenceJson(conf));
    if (verb === "POST") return calls.updateConference(sim, req, conf);
  } else if ((m = is(/^\/Conferences\/([^/]+)\/Participants\.json$/))) {
    const conf = calls.findConference(sim, req, decodeURIComponent(m[1] as string), verb === "POST");
    if (verb === "POST") return calls.createParticipant(sim, req, conf);
    if (verb === "GET") return calls.listParticipants(sim, req, conf);
  } else if ((m = is(/^\/Conferences\/([^/]+)\/Participants\/([^/]+)\.json$/))) {
    const conf = calls.findConference(sim, req, decodeURIComponent(m[1] as string), false);
    const p = calls.findParticipant(req, conf, decodeURIComponent(m[2] as string));
    if (verb === "GET") return ok(participantJson(sim.opts.accountSid, p));
    if (verb === "POST") return calls.changeParticipant(sim, req, conf, p);
    if (verb === "DELETE") return calls.removeParticipant(sim, conf, p);
  } else if ((m = is(/^\/Messages\.json$/))) {
    if (verb === "POST") return msgs.sendMessage(sim, req);
    if (verb === "GET") return msgs.listMessages(sim, req);
  } else if ((m = is(/^\/Messages\/([^/]+)\.json$/))) {
    const message = msgs.getMessage(sim, req, m[1] as string);
    if (verb === "GET") return ok(messageJson(message));
    if (verb === "POST") return msgs.redactMessage(sim, req, message);
    if (verb === "DELETE") return msgs.deleteMessage(sim, message);
  } else if ((m = is(/^\/Recordings\.json$/))) {
    if (verb === "GET") return msgs.listRecordings(sim, req);
  } else if ((m = is(/^\/Recordings\/(RE[0-9a-f]{32})(?:\.(json|wav|mp3))?$/))) {
    const r = msgs.getRecording(sim, req, m[1] as string);
    const ext = m[2] ?? "wav";
    if (verb === "GET") return ext === "json" ? ok(recordingJson(sim, r)) : msgs.recordingMedia(r, ext);
    if (verb === "DELETE" && ext === "json") return msgs.deleteRecording(sim, r);
  } else {
    return null;
  }
  throw new TwilioApiError(405, 20004, "Method not allowed");
}
