/**
 * The simulator's own control API (no auth; loopback only), for dev and e2e:
 *   GET  /_sim/health                      → { ok: true }
 *   POST /_sim/calls/inbound               {from, to, url?, hangupAfter?} → 201 call JSON
 *   POST /_sim/calls/{CallSid}/answer      a ringing leg answers (behaviour "manual")
 *   POST /_sim/calls/{CallSid}/decline     {status?: busy|failed|no-answer} (default busy)
 *   POST /_sim/calls/{CallSid}/hangup      that party hangs up
 *   PUT  /_sim/behaviours/{party}          PartyBehaviour JSON; party "+1555…", "client:alice", or "*" (default)
 *   GET  /_sim/behaviours   DELETE /_sim/behaviours
 *   POST /_sim/messages/inbound            {from, to, body, url?} → 201 message JSON
 *   GET  /_sim/state   GET /_sim/webhooks   POST /_sim/reset
 * Simulated phones (Twilio's signalling role, with CORS; voice-http.ts has the bodies and events):
 *   POST /_sim/voice/register              {token, deviceId?} → Server-Sent Events (GET ?token= for EventSource)
 *   POST /_sim/voice/devices/{id}/accept|reject|hangup|digits|mute|token|unregister
 *   GET  /_sim/voice/devices               registrations     DELETE /_sim/voice/devices/{id}  drop its network
 */
import { z } from "zod";
import type { TwilioSimulator } from "./index";

const behaviour = z
  .object({
    answer: z.enum(["answer", "busy", "failed", "no-answer", "manual"]).optional(),
    answerAfter: z.number().nonnegative().optional(),
    declineAfter: z.number().nonnegative().optional(),
    hangupAfter: z.number().nonnegative().optional(),
    recordFor: z.number().nonnegative().optional(),
    sms: z.enum(["delivered", "undelivered", "failed"]).optional(),
  })
  .strict();
const inboundCall = z.object({
  from: z.string().min(1),
  to: z.string().min(1),
  url: z.url().optional(),
  hangupAfter: z.number().nonnegative().optional(),
});
const inboundMessage = z.object({ from: z.string().min(1), to: z.string().min(1), body: z.string(), url: z.url().optional() });
const decline = z.object({ status: z.enum(["busy", "failed", "no-answer"]).optional() });

export interface ControlResult {
  status: number;
  json: unknown;
}

export async function handleControl(sim: TwilioSimulator, method: string, path: string, body: unknown): Promise<ControlResult> {
  const done = (json: unknown, status = 200): ControlResult => ({ status, json });
  const parse = <T>(schema: z.ZodType<T>): T | ControlResult => {
    const r = schema.safeParse(body ?? {});
    return r.success ? r.data : done({ error: "invalid body", issues: r.error.issues }, 400);
  };
  const isResult = (x: unknown): x is ControlResult => typeof x === "object" && x !== null && "status" in x && "json" in x;
  let m: RegExpExecArray | null;
  if (method === "GET" && path === "/_sim/health") return done({ ok: true });
  if (method === "GET" && path === "/_sim/state") return done(sim.state());
  if (method === "GET" && path === "/_sim/webhooks") return done(sim.webhooks());
  if (method === "POST" && path === "/_sim/reset") return (sim.reset(), done({ ok: true }));
  if (method === "GET" && path === "/_sim/behaviours") return done(sim.behaviours());
  if (method === "DELETE" && path === "/_sim/behaviours") return (sim.clearBehaviours(), done({ ok: true }));
  if (method === "PUT" && (m = /^\/_sim\/behaviours\/(.+)$/.exec(path))) {
    const b = parse(behaviour);
    if (isResult(b)) return b;
    const party = decodeURIComponent(m[1] as string);
    if (party === "*") sim.setDefaultBehaviour(b);
    else sim.setBehaviour(party, b);
    return done({ party, behaviour: b });
  }
  if (method === "POST" && path === "/_sim/calls/inbound") {
    const input = parse(inboundCall);
    return isResult(input) ? input : done(sim.inboundCall(input), 201);
  }
  if (method === "POST" && (m = /^\/_sim\/calls\/(CA[0-9a-f]{32})\/(answer|decline|hangup)$/.exec(path))) {
    const sid = m[1] as string;
    if (!sim.call(sid)) return done({ error: "no such call" }, 404);
    if (m[2] === "answer") sim.answer(sid);
    else if (m[2] === "hangup") sim.hangup(sid);
    else {
      const d = parse(decline);
      if (isResult(d)) return d;
      sim.decline(sid, d.status);
    }
    return done(sim.call(sid));
  }
  if (method === "POST" && path === "/_sim/messages/inbound") {
    const input = parse(inboundMessage);
    return isResult(input) ? input : done(await sim.inboundMessage(input), 201);
  }
  return done({ error: "not found" }, 404);
}
