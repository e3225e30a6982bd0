/** <Dial>: ring Numbers/Clients (first to answer wins, then bridge) or join a <Conference>. */
import { AbortedError, whenAborted } from "./clock";
import { duration, endCall, newCall, placeCall } from "./calls";
import { joinConference } from "./conferences";
import type { Sim } from "./context";
import type { EndStatus, SimCall } from "./model";
import { method, resolveUrl, type Next } from "./verbs";
import { boolAttr, numAttr, type TwimlNode } from "./twiml-parse";

export async function dialVerb(sim: Sim, call: SimCall, verb: TwimlNode, docUrl: string | null, signal: AbortSignal): Promise<Next> {
  const conference = verb.children.find((n) => n.name === "Conference");
  let result: Record<string, string>;
  if (conference) {
    await joinConference(sim, call, conference.text, conferenceOptions(conference), signal);
    result = { DialCallStatus: "completed" };
  } else {
    result = await dialParties(sim, call, verb, signal);
  }
  const action = verb.attrs.action;
  if (!action) return "continue";
  return { follow: { kind: "dial-action", url: resolveUrl(action, docUrl), method: method(verb.attrs.method), params: result } };
}

function conferenceOptions(n: TwimlNode) {
  const cb = n.attrs.statusCallback;
  return {
    startConferenceOnEnter: boolAttr(n.attrs.startConferenceOnEnter, true),
    endConferenceOnExit: boolAttr(n.attrs.endConferenceOnExit, false),
    muted: boolAttr(n.attrs.muted, false),
    label: n.attrs.participantLabel ?? null,
    statusCallback: cb ? { url: cb, method: method(n.attrs.statusCallbackMethod) } : null,
    statusCallbackEvents: (n.attrs.statusCallbackEvent ?? "").split(/[\s,]+/).filter(Boolean),
  };
}

function targets(verb: TwimlNode): { to: string; noun: TwimlNode; params?: Record<string, string> }[] {
  if (verb.children.length === 0 && verb.text) return [{ to: verb.text, noun: verb }];
  return verb.children.flatMap((noun) => {
    if (noun.name === "Number" || noun.name === "Sip") return [{ to: noun.text, noun }];
    if (noun.name === "Client") {
      const identity = noun.children.find((c) => c.name === "Identity")?.text ?? noun.text;
      // <Parameter name value/> become the client's custom parameters
      const params = Object.fromEntries(noun.children.filter((c) => c.name === "Parameter").map((c) => [c.attrs.name ?? "", c.attrs.value ?? ""]));
      return [{ to: `client:${identity}`, noun, params }];
    }
    return [];
  });
}

async function dialParties(sim: Sim, call: SimCall, verb: TwimlNode, signal: AbortSignal): Promise<Record<string, string>> {
  const legs = targets(verb).map(({ to, noun, params }) => {
    const cb = noun.attrs.statusCallback;
    const leg = newCall(sim, {
      from: verb.attrs.callerId ?? call.from,
      to,
      direction: "outbound-dial",
      parentCallSid: call.sid,
      timeoutSec: numAttr(verb.attrs.timeout, 30),
      statusCallback: cb ? { url: cb, method: method(noun.attrs.statusCallbackMethod) } : null,
      statusCallbackEvents: (noun.attrs.statusCallbackEvent ?? "").split(/[\s,]+/).filter(Boolean),
      ...(params ? { customParams: params } : {}),
    });
    call.rt.children.add(leg.sid);
    void placeCall(sim, leg);
    return leg;
  });
  if (legs.length === 0) return { DialCallStatus: "failed" };
  const outcome = await firstAnswer(legs, signal);
  if (outcome === "aborted") {
    for (const leg of legs) endCall(sim, leg, "completed");
    throw new AbortedError();
  }
  if (!("winner" in outcome)) return { DialCallStatus: outcome.status };
  const winner = outcome.winner;
  for (const leg of legs) if (leg !== winner) endCall(sim, leg, "canceled");
  const ended = await Promise.race([winner.rt.ended.promise, whenAborted(signal)]);
  if (ended === "aborted") {
    endCall(sim, winner, "completed");
    throw new AbortedError();
  }
  return { DialCallStatus: "completed", DialCallSid: winner.sid, DialCallDuration: String(duration(sim, winner)) };
}

function firstAnswer(legs: SimCall[], signal: AbortSignal): Promise<{ winner: SimCall } | { status: EndStatus } | "aborted"> {
  return new Promise((resolve) => {
    let unanswered = legs.length;
    void whenAborted(signal).then(resolve);
    for (const leg of legs) {
      void leg.rt.answered.promise.then((r) => {
        if (r === "answered") return resolve({ winner: leg });
        unanswered -= 1;
        if (unanswered === 0) resolve({ status: legs.length === 1 ? r : "no-answer" });
      });
    }
  });
}
