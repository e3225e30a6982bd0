/**
 * The simulator's signalling for simulated phones (browsers, or node tests),
 * standing in for Twilio's. The app's page is on another origin, so every answer
 * here carries CORS headers (and preflights are answered).
 *   POST /_sim/voice/register            {token, deviceId?} → 200 text/event-stream (401 {code, message}: token refused)
 *   GET  /_sim/voice/register?token=…&deviceId=…   the same, for EventSource
 *        events: registered {deviceId, identity, expiresAt, calls}, invite {callSid, parameters},
 *                cancel {callSid}, disconnect {callSid}, error {code, message} (then the stream ends)
 *   POST /_sim/voice/devices/{id}/accept|reject|hangup   {callSid}
 *   POST /_sim/voice/devices/{id}/digits  {callSid, digits}    POST …/mute {callSid, muted}
 *   POST /_sim/voice/devices/{id}/token   {token} → {expiresAt} (same identity; stays registered)
 *   POST /_sim/voice/devices/{id}/unregister
 *   GET  /_sim/voice/devices               registrations [{deviceId, identity, registeredAt, expiresAt, calls}]
 *   DELETE /_sim/voice/devices/{id}        the device's network drops (tests)
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import type { Sim } from "./context";
import type { SimDevice } from "./devices";
import type { DeviceAction } from "./softphones";

const register = z.object({ token: z.string().min(1), deviceId: z.string().max(100).optional() });
const onCall = z.object({ callSid: z.string().regex(/^CA[0-9a-f]{32}$/) });
const bodies = {
  accept: onCall,
  reject: onCall,
  hangup: onCall,
  digits: onCall.extend({ digits: z.string() }),
  mute: onCall.extend({ muted: z.boolean() }),
  token: z.object({ token: z.string().min(1) }),
  unregister: z.object({}),
};
type Action = keyof typeof bodies;

function cors(req: IncomingMessage): Record<string, string> {
  return {
    "Access-Control-Allow-Origin": req.headers.origin ?? "*",
    "Access-Control-Allow-Methods": "GET, POST, DELETE, OPTIONS",
    "Access-Control-Allow-Headers": "content-type",
    "Access-Control-Max-Age": "600",
    Vary: "Origin",
  };
}

export function deviceInfo(sim: Sim, d: SimDevice) {
  return { deviceId: d.id, identity: d.identity, registeredAt: d.registeredAt.toISOString(), expiresAt: new Date(d.exp * 1000).toISOString(), calls: sim.softphones.answeredCalls(d.id) };
}

export function handleVoice(sim: Sim, req: IncomingMessage, res: ServerResponse, method: string, url: URL, body: unknown): void {
  const headers = cors(req);
  const json = (status: number, data: unknown) => {
    const text = JSON.stringify(data);
    res.writeHead(status, { ...headers, "Content-Type": "application/json; charset=utf-8", "Content-Length": Buffer.byteLength(text) });
    res.end(text);
  };
  const path = url.pathname;
  if (method === "OPTIONS") {
    res.writeHead(204, { ...headers, "Access-Control-Allow-Private-Network": "true" });
    return void res.end();
  }
  if (path === "/_sim/voice/register" && (method === "POST" || method === "GET")) {
    const input = register.safeParse(method === "GET" ? Object.fromEntries(url.searchParams) : (body ?? {}));
    if (!input.success) return json(400, { error: "register: {token, deviceId?}" });
    const check = sim.softphones.registry.check(input.data.token);
    if (!check.ok) return json(401, { code: check.code, message: check.message });
    res.writeHead(200, { ...headers, "Content-Type": "text/event-stream", "Cache-Control": "no-cache", "X-Accel-Buffering": "no" });
    const device = sim.softphones.registry.register(res, check.identity, check.exp, input.data.deviceId);
    return sim.softphones.registry.send(device, "registered", deviceInfo(sim, device));
  }
  if (path === "/_sim/voice/devices" && method === "GET") return json(200, sim.softphones.registry.list().map((d) => deviceInfo(sim, d)));
  const m = /^\/_sim\/voice\/devices\/([^/]+)(?:\/([a-z]+))?$/.exec(path);
  const device = m ? sim.softphones.registry.get(decodeURIComponent(m[1] as string)) : undefined;
  if (!m || !device) return json(404, { error: "no such device (not registered)" });
  if (method === "DELETE" && !m[2]) return (sim.softphones.registry.drop(device), json(200, { ok: true }));
  const action = m[2] as Action | undefined;
  if (method !== "POST" || !action || !(action in bodies)) return json(404, { error: "not found" });
  const parsed = bodies[action].safeParse(body ?? {});
  if (!parsed.success) return json(400, { error: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ") });
  const r = act(sim, device, action, parsed.data);
  json(r.status, r.json);
}

type Data = { callSid?: string; digits?: string; muted?: boolean; token?: string };

function act(sim: Sim, device: SimDevice, action: Action, data: Data): { status: number; json: unknown } {
  const phones = sim.softphones;
  const callSid = data.callSid ?? "";
  const done = (r: DeviceAction) => (r.ok ? { status: 200, json: { ok: true, callSid: r.call.sid, status: r.call.status } } : { status: r.status, json: { error: r.error } });
  switch (action) {
    case "accept":
      return done(phones.accept(device, callSid));
    case "reject":
      return done(phones.reject(device, callSid));
    case "hangup":
      return done(phones.hangup(device, callSid));
    case "digits":
      return done(phones.digits(device, callSid, data.digits ?? ""));
    case "mute":
      return done(phones.mute(device, callSid, data.muted ?? false));
    case "token": {
      const r = phones.registry.updateToken(device, data.token ?? "");
      return r.ok ? { status: 200, json: { ok: true, expiresAt: new Date(r.exp * 1000).toISOString() } } : { status: 401, json: { code: r.code, message: r.message } };
    }
    case "unregister":
      phones.registry.close(device);
      return { status: 200, json: { ok: true } };
  }
}
