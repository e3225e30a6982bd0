/**
 * The simulator as Twilio's signalling for browsers, driven over its raw HTTP
 * endpoints (the simulated phone in components/softphone/phone wraps these):
 * register with an access token, ring, accept/reject/hang up, cancel and
 * disconnect from the app's side, DTMF and mute, token update, a dropped stream.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { readSse, type SseEvent } from "@/lib/http/sse-reader";
import { mintVoiceAccessToken } from "../access-token";
import { createTwilioClient, type TwilioClient } from "../client";
import { SIM_DEFAULT_API_KEY_SECRET, SIM_DEFAULT_API_KEY_SID } from "../config";
import { createTwilioSimulator, type TwilioSimulator } from "./index";
import { startTestApp, type TestApp } from "./test-app";

let sim: TwilioSimulator;
let app: TestApp;
let client: TwilioClient;
const ALICE = "staff_0f8fad5bd9cb469fa16570867728950e";

beforeAll(async () => {
  sim = await createTwilioSimulator({ speed: 50 });
  app = await startTestApp(sim.authToken);
  client = createTwilioClient({ kind: "simulator", accountSid: sim.accountSid, authToken: sim.authToken, simUrl: sim.url });
});
afterEach(async () => {
  await sim.idle();
  sim.reset();
  app.routes.clear();
  app.received.length = 0;
});
afterAll(async () => {
  await sim.stop();
  await app.close();
});

const token = (identity = ALICE, ttlSec = 600, secret = SIM_DEFAULT_API_KEY_SECRET) =>
  mintVoiceAccessToken({ accountSid: sim.accountSid, apiKeySid: SIM_DEFAULT_API_KEY_SID, apiKeySecret: secret, ttlSec, signalling: { kind: "twilio" } }, identity).token;

async function connect(jwt: string, deviceId?: string) {
  const abort = new AbortController();
  const res = await fetch(`${sim.url}/_sim/voice/register`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ token: jwt, deviceId }), signal: abort.signal });
  if (res.status !== 200 || !res.body) return { status: res.status, json: (await res.json()) as unknown };
  const events: SseEvent[] = [];
  let ended = false;
  void readSse(res.body, (e) => events.push(e)).then(
    () => (ended = true),
    () => (ended = true),
  );
  const next = (event: string, n = 1) => sim.waitFor(() => events.filter((e) => e.event === event).length >= n && (JSON.parse(events.filter((e) => e.event === event)[n - 1]?.data ?? "{}") as Record<string, unknown>));
  const registered = (await next("registered")) as { deviceId: string };
  const post = async (action: string, body: object = {}) => {
    const r = await fetch(`${sim.url}/_sim/voice/devices/${registered.deviceId}/${action}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    return { status: r.status, json: (await r.json()) as Record<string, unknown> };
  };
  return { status: 200, id: registered.deviceId, events, next, post, ended: () => ended, abort: () => abort.abort() };
}
type Phone = Extract<Awaited<ReturnType<typeof connect>>, { id: string }>;
const phone = async (jwt = token(), deviceId?: string) => (await connect(jwt, deviceId)) as Phone;

const ringAlice = (timeout = 20) => {
  app.routes.set("/staff", () => '<Response><Pause length="600"/></Response>');
  return client.calls.create({
    to: `client:${ALICE}?callId=c-1&legKey=CA1%3Aleg%3A1&direction=inbound&autoAnswer=false`,
    from: "+61299990000",
    url: `${app.url}/staff`,
    statusCallback: `${app.url}/status`,
    statusCallbackEvent: ["initiated", "ringing", "answered", "completed"],
    timeout,
  });
};
const statuses = () => app.at("/status").map((r) => r.params.CallStatus);
const leg = (sid: string) => sim.state().calls.find((c) => c.sid === sid);

describe("simulated phones register with their access token", () => {
  it("a valid token registers; forged, expired and foreign ones are refused with Twilio's codes", async () => {
    const p = await phone();
    expect(sim.devices()).toEqual([expect.objectContaining({ deviceId: p.id, identity: ALICE, calls: [] })]);
    expect(await connect(token(ALICE, 600, "forged"))).toEqual({ status: 401, json: { code: 20107, message: "Invalid Access Token signature" } });
    expect(await connect("x.y.z")).toMatchObject({ status: 401, json: { code: 20101 } });
    const res = await fetch(`${sim.url}/_sim/voice/register`, { method: "OPTIONS", headers: { origin: "http://localhost:3000" } });
    expect([res.status, res.headers.get("access-control-allow-origin")]).toEqual([204, "http://localhost:3000"]);
  });

  it("a dropped stream unregisters at once; coming back with the device id re-registers it", async () => {
    const p = await phone();
    p.abort();
    await sim.waitFor(() => sim.devices().length === 0);
    const again = await phone(token(), p.id);
    expect(again.id).toBe(p.id);
    const dropped = await fetch(`${sim.url}/_sim/voice/devices/${again.id}`, { method: "DELETE" });
    expect(dropped.status).toBe(200);
    await sim.waitFor(() => sim.devices().length === 0 && again.ended());
  });

  it("a new token keeps the registration; another identity's is refused; expiry unregisters with 20104", async () => {
    const p = await phone(token(ALICE, 600));
    const updated = await p.post("token", { token: token(ALICE, 1200) });
    expect(updated.status).toBe(200);
    expect(Date.parse(String(updated.json.expiresAt)) - Date.now()).toBeGreaterThan(1_100_000);
    expect((await p.post("token", { token: token("bob") })).json).toMatchObject({ code: 20101 });
    expect(sim.devices().map((d) => d.deviceId)).toEqual([p.id]);
    const short = await phone(token("carol", 2));
    expect(await short.next("error")).toEqual({ code: 20104, message: "Access Token expired or expiration date invalid" });
    await sim.waitFor(() => short.ended() && sim.devices().length === 1, 5000);
  });
});

describe("a client leg rings the registered phones", () => {
  it("invite with the custom parameters; accept answers the leg; DTMF and mute recorded; the phone hangs up", async () => {
    const [a, b] = [await phone(), await phone()];
    const call = await ringAlice();
    const invite = (await a.next("invite")) as { callSid: string; parameters: Record<string, string> };
    expect(invite).toEqual({
      callSid: call.sid,
      parameters: { AccountSid: sim.accountSid, ApiVersion: "2010-04-01", CallSid: call.sid, From: "+61299990000", To: `client:${ALICE}`, Params: "callId=c-1&legKey=CA1%3Aleg%3A1&direction=inbound&autoAnswer=false" },
    });
    await b.next("invite");
    expect((await a.post("accept", { callSid: call.sid })).json).toMatchObject({ ok: true, status: "in-progress" });
    expect(await b.next("cancel")).toEqual({ callSid: call.sid });
    await sim.waitFor(() => app.at("/staff").length === 1);
    expect((await b.post("accept", { callSid: call.sid })).status).toBe(409); // answered elsewhere
    expect((await a.post("digits", { callSid: call.sid, digits: "12#" })).status).toBe(200);
    expect((await a.post("digits", { callSid: call.sid, digits: "x" })).status).toBe(400);
    await a.post("mute", { callSid: call.sid, muted: true });
    expect(sim.devices().find((d) => d.deviceId === a.id)?.calls).toEqual([call.sid]);
    expect(leg(call.sid)?.softphone).toMatchObject({ answeredBy: a.id, digits: "12#", muted: true, rang: [a.id, b.id] });
    await a.post("hangup", { callSid: call.sid });
    await sim.waitFor(() => statuses().length === 4);
    expect(statuses()).toEqual(["initiated", "ringing", "in-progress", "completed"]);
    expect(a.events.some((e) => e.event === "disconnect")).toBe(false); // it hung up itself
  });

  it("a reject ends the leg busy and cancels the other phones", async () => {
    const [a, b] = [await phone(), await phone()];
    const call = await ringAlice();
    await a.next("invite");
    await b.post("reject", { callSid: call.sid });
    expect(await a.next("cancel")).toEqual({ callSid: call.sid });
    await sim.waitFor(() => leg(call.sid)?.status === "busy");
    expect(b.events.some((e) => e.event === "cancel")).toBe(false);
  });

  it("the app cancelling a ringing leg sends cancel; hanging up an answered one sends disconnect", async () => {
    const a = await phone();
    const first = await ringAlice();
    await a.next("invite");
    await client.calls(first.sid).update({ status: "canceled" });
    expect(await a.next("cancel")).toEqual({ callSid: first.sid });
    const second = await ringAlice();
    await a.next("invite", 2);
    await a.post("accept", { callSid: second.sid });
    await client.calls(second.sid).update({ status: "completed" });
    expect(await a.next("disconnect")).toEqual({ callSid: second.sid });
    expect(leg(second.sid)?.status).toBe("completed");
  });

  it("nobody registered: the leg rings and ends no-answer at once, it is not answered", async () => {
    const call = await ringAlice();
    await sim.waitFor(() => statuses().length === 3);
    expect(statuses()).toEqual(["initiated", "ringing", "no-answer"]);
    expect(app.at("/staff")).toHaveLength(0);
    expect(leg(call.sid)?.softphone).toMatchObject({ rang: [], answeredBy: null });
  });

  it("unanswered phones ring until the leg's timeout; an explicit behaviour still decides instead", async () => {
    const a = await phone();
    const call = await ringAlice(3);
    await a.next("invite");
    expect(await a.next("cancel")).toEqual({ callSid: call.sid });
    expect(leg(call.sid)?.status).toBe("no-answer");
    sim.setBehaviour(`client:${ALICE}`, { answerAfter: 1 });
    const scripted = await ringAlice();
    await sim.waitFor(() => leg(scripted.sid)?.status === "in-progress");
    expect(a.events.filter((e) => e.event === "invite")).toHaveLength(1);
  });
});
