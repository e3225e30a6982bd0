/**
 * Runs TwiML for a call the way Twilio does: fetch the document (signed
 * webhook), execute verbs in order, follow Redirect and verb actions, and hang
 * up at the end of the document. A redirect or hang-up aborts the run's signal;
 * every wait below listens to it.
 */
import { AbortedError } from "./clock";
import { answerCall, callParams, endCall } from "./calls";
import type { Sim } from "./context";
import { dialVerb } from "./dial";
import { isEnded, type SimCall } from "./model";
import { recordVerb } from "./record";
import { numAttr, parseTwiml, type TwimlNode } from "./twiml-parse";
import { method, resolveUrl, type Next, type TwimlSource } from "./verbs";


/** Run a call's TwiML from `source` until the script ends, the call ends, or a redirect takes over. */
export async function runCall(sim: Sim, call: SimCall, source: TwimlSource, signal: AbortSignal): Promise<void> {
  try {
    let next: TwimlSource | null = source;
    while (next) {
      const doc = await fetchDocument(sim, call, next, signal);
      if (!doc) return;
      const docUrl = next.kind === "inline" ? null : next.url;
      next = await execute(sim, call, doc, docUrl, signal);
    }
    if (!signal.aborted) endCall(sim, call, "completed");
  } catch (err) {
    if (err instanceof AbortedError) return;
    throw err;
  }
}

async function fetchDocument(sim: Sim, call: SimCall, source: TwimlSource, signal: AbortSignal): Promise<TwimlNode | null> {
  let xml: string | null = null;
  if (source.kind === "inline") {
    xml = source.twiml;
  } else {
    const params = { ...callParams(sim, call), ...source.params };
    const res = await sim.hooks.send(source.kind, source.url, params, source.method);
    if (res.ok) xml = res.body;
    else if (source.fallbackUrl) {
      const fb = await sim.hooks.send("voice-fallback", source.fallbackUrl, { ...params, ErrorCode: "11200", ErrorUrl: source.url });
      if (fb.ok) xml = fb.body;
    }
  }
  if (signal.aborted || isEnded(call.status)) throw new AbortedError();
  let doc: TwimlNode | null = null;
  try {
    doc = xml === null ? null : parseTwiml(xml);
  } catch {
    doc = null;
  }
  if (!doc || doc.name !== "Response") {
    // Twilio: "An application error has occurred" and the call ends
    endCall(sim, call, call.status === "in-progress" ? "completed" : "failed");
    return null;
  }
  return doc;
}

/** Execute one document; returns the next source to fetch, or null when the script is over. */
async function execute(sim: Sim, call: SimCall, doc: TwimlNode, docUrl: string | null, signal: AbortSignal): Promise<TwimlSource | null> {
  for (const verb of doc.children) {
    if (signal.aborted || isEnded(call.status)) throw new AbortedError();
    if (verb.name !== "Reject") answerCall(sim, call); // an inbound call is answered by its first real verb
    const next = await runVerb(sim, call, verb, docUrl, signal);
    if (next === "stop") return null;
    if (next !== "continue") return next.follow;
  }
  return null;
}

async function runVerb(sim: Sim, call: SimCall, verb: TwimlNode, docUrl: string | null, signal: AbortSignal): Promise<Next> {
  switch (verb.name) {
    case "Say": {
      const words = verb.text.split(/\s+/).filter(Boolean).length;
      await sim.clock.sleep(Math.max(1, words * sim.opts.secondsPerWord) * loops(verb), signal);
      return "continue";
    }
    case "Play":
      await sim.clock.sleep(sim.opts.playSeconds * loops(verb), signal);
      return "continue";
    case "Pause":
      await sim.clock.sleep(numAttr(verb.attrs.length, 1), signal);
      return "continue";
    case "Gather":
      for (const child of verb.children) await runVerb(sim, call, child, docUrl, signal);
      await sim.clock.sleep(numAttr(verb.attrs.timeout, 5), signal);
      return "continue"; // no caller input in the simulator
    case "Hangup":
      endCall(sim, call, "completed");
      return "stop";
    case "Reject":
      endCall(sim, call, verb.attrs.reason === "busy" ? "busy" : "no-answer");
      return "stop";
    case "Redirect":
      return { follow: { kind: "redirect", url: resolveUrl(verb.text, docUrl), method: method(verb.attrs.method) } };
    case "Dial":
      return dialVerb(sim, call, verb, docUrl, signal);
    case "Record":
      return recordVerb(sim, call, verb, docUrl, signal);
    default:
      return "continue"; // verbs the simulator does not model are skipped
  }
}

function loops(verb: TwimlNode): number {
  const n = numAttr(verb.attrs.loop, 1);
  return n === 0 ? 3600 : Math.max(1, n); // loop="0": until interrupted
}
