/**
 * The simulated phone driven from node against a real Twilio simulator: the same
 * interface the UI uses, over the simulator's signalling (fetch-streamed SSE).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { mintVoiceAccessToken } from "@/lib/vendors/twilio/access-token";
import { createTwilioClient, type TwilioClient } from "@/lib/vendors/twilio/client";
import { SIM_DEFAULT_API_KEY_SECRET, SIM_DEFAULT_API_KEY_SID } from "@/lib/vendors/twilio/config";
import { createTwilioSimulator, type TwilioSimulator } from "@/lib/vendors/twilio/simulator";
import { startTestApp, type TestApp } from "@/lib/vendors/twilio/simulator/test-app";
import type { VoiceToken } from "@/lib/calls/voice-token";
import { createPhone } from "./factory";
import { SimulatedPhone } from "./simulated-phone";
import type { Phone, PhoneCall } from "./types";

let sim: TwilioSimulator;
let app: TestApp;
let client: TwilioClient;
const phones: Phone[] = [];
const ALICE = "staff_0f8fad5bd9cb469fa16570867728950e";

beforeAll(async () => {
  sim = await createTwilioSimulator({ speed: 50 });
  app = await startTestApp(sim.authToken);
  client = createTwilioClient({ kind: "simulator", accountSid: sim.accountSid, authToken: sim.authToken, simUrl: sim.url });
});
afterEach(async () => {
  for (const p of phones.splice(0)) p.destroy();
  await sim.idle();
  sim.reset();
  app.routes.clear();
  app.received.length = 0;
});
afterAll(async () => {
  await sim.stop();
  await app.close();
});

const token = (ttlSec = 600, secret = SIM_DEFAULT_API_KEY_SECRET) =>
  mintVoiceAccessToken({ accountSid: sim.accountSid, apiKeySid: SIM_DEFAULT_API_KEY_SID, apiKeySecret: secret, ttlSec, signalling: { kind: "twilio" } }, ALICE).token;
const voiceToken = (ttlSec = 600): VoiceToken => ({ token: token(ttlSec), identity: ALICE, expiresAt: new Date().toISOString(), signalling: { kind: "simulator", url: sim.url } });

function phone(opts: ConstructorParameters<typeof SimulatedPhone>[2] = {}, jwt = token()) {
  const p = new SimulatedPhone(sim.url, jwt, { reconnectMs: 50, ...opts });
  phones.push(p);
  const seen: string[] = [];
  for (const e of ["registering", "registered", "unregistered", "tokenWillExpire"] as const) p.on(e, () => seen.push(e));
  const incoming: PhoneCall[] = [];
  p.on("incoming", (c) => incoming.push(c));
  return { p, seen, incoming, nextCall: (n = 1) => sim.waitFor(() => incoming[n - 1]) };
}
function events(call: PhoneCall) {
  const seen: string[] = [];
  for (const e of ["accept", "disconnect", "cancel", "reject", "reconnecting", "reconnected"] as const) call.on(e, () => seen.push(e));
  call.on("mute", (m) => seen.push(`mute:${m}`));
  return seen;
}
const ring = () => {
  app.routes.set("/staff", () => '<Response><Pause length="600"/></Response>');
  return client.calls.create({
    to: `client:${ALICE}?callId=call-1&legKey=CA9%3Aleg%3A1&direction=outbound&autoAnswer=true`,
    from: "+61299990000",
    url: `${app.url}/staff`,
    statusCallback: `${app.url}/status`,
    statusCallbackEvent: ["initiated", "ringing", "answered", "completed"],
  });
};
const leg = (sid: string) => sim.state().calls.find((c) => c.sid === sid);
const statuses = () => app.at("/status").map((r) => r.params.CallStatus);

describe("the simulated phone", () => {
  it("registers, receives the invite with its custom parameters, accepts (the leg answers), mutes, sends digits, hangs up", async () => {
    const { p, seen, nextCall } = phone();
    await p.register();
    expect([p.state, p.identity, seen]).toEqual(["registered", ALICE, ["registering", "registered"]]);
    expect(sim.devices()).toHaveLength(1);
    const placed = await ring();
    const call = await nextCall();
    const happened = events(call);
    expect(call.parameters).toMatchObject({ CallSid: placed.sid, From: "+61299990000", To: `client:${ALICE}` });
    expect(Object.fromEntries(call.customParameters)).toEqual({ callId: "call-1", legKey: "CA9:leg:1", direction: "outbound", autoAnswer: "true" });
    expect(call.status()).toBe("pending");
    call.accept();
    await sim.waitFor(() => call.status() === "open");
    await sim.waitFor(() => app.at("/staff").length === 1); // answered: Twilio fetches the leg's TwiML
    call.mute(true);
    call.sendDigits("42#");
    expect(() => call.sendDigits("x")).toThrow();
    await sim.waitFor(() => leg(placed.sid)?.softphone?.digits === "42#" && leg(placed.sid)?.softphone?.muted);
    expect(call.isMuted()).toBe(true);
    call.disconnect();
    await sim.waitFor(() => leg(placed.sid)?.status === "completed");
    await sim.idle();
    expect(statuses()).toEqual(["initiated", "ringing", "in-progress", "completed"]);
    expect(happened).toEqual(["accept", "mute:true", "disconnect"]);
  });

  it("rejects (the leg ends busy); the app cancelling a ringing leg and hanging up an answered one reach the phone", async () => {
    const { p, nextCall } = phone();
    await p.register();
    const first = await ring();
    const rejected = await nextCall(1);
    const r = events(rejected);
    rejected.reject();
    await sim.waitFor(() => leg(first.sid)?.status === "busy");
    expect([r, rejected.status()]).toEqual([["reject"], "closed"]);

    const second = await ring();
    const cancelled = await nextCall(2);
    const c = events(cancelled);
    await client.calls(second.sid).update({ status: "canceled" });
    await sim.waitFor(() => c.length > 0);
    expect([c, cancelled.status()]).toEqual([["cancel"], "closed"]);

    const third = await ring();
    const answered = await nextCall(3);
    const a = events(answered);
    answered.accept();
    await sim.waitFor(() => answered.status() === "open");
    await client.calls(third.sid).update({ status: "completed" });
    await sim.waitFor(() => a.length === 2);
    expect([a, answered.status()]).toEqual([["accept", "disconnect"], "closed"]);
  });

  it("a new token keeps the registration; tokenWillExpire comes tokenRefreshMs before expiry", async () => {
    const { p, seen } = phone({ tokenRefreshMs: 59_700 }, token(60));
    await p.register();
    const before = sim.devices()[0]?.expiresAt;
    await sim.waitFor(() => seen.includes("tokenWillExpire"), 3000);
    await p.updateToken(token(1200));
    const after = sim.devices();
    expect(after).toHaveLength(1);
    expect(Date.parse(after[0]?.expiresAt ?? "")).toBeGreaterThan(Date.parse(before ?? ""));
    expect([p.state, seen]).toEqual(["registered", ["registering", "registered", "tokenWillExpire"]]);
  });

  it("an expired token: error 20104 and unregistered (no retrying with it); a new token registers it again", async () => {
    const { p, seen } = phone({ tokenRefreshMs: 0 }, token(2));
    const errors: number[] = [];
    p.on("error", (e) => errors.push(e.code));
    await p.register();
    await sim.waitFor(() => p.state === "unregistered", 5000);
    expect(errors).toEqual([20104]);
    await p.updateToken(token(600));
    expect([p.state, sim.devices()]).toEqual(["registered", [expect.objectContaining({ identity: ALICE })]]);
    expect(seen.filter((e) => e !== "tokenWillExpire")).toEqual(["registering", "registered", "unregistered", "registering", "registered"]);
  });

  it("a dropped connection unregisters at once, then it comes back as the same device; an answered call reconnects", async () => {
    const { p, seen, nextCall } = phone();
    await p.register();
    const placed = await ring();
    const call = await nextCall();
    const happened = events(call);
    call.accept();
    await sim.waitFor(() => call.status() === "open");
    const [device] = sim.devices();
    await fetch(`${sim.url}/_sim/voice/devices/${device?.deviceId}`, { method: "DELETE" });
    await sim.waitFor(() => seen.includes("unregistered"));
    await sim.waitFor(() => p.state === "registered" && sim.devices()[0]?.deviceId === device?.deviceId);
    expect(seen).toEqual(["registering", "registered", "unregistered", "registering", "registered"]);
    expect(happened).toEqual(["accept", "reconnecting", "reconnected"]);
    expect(leg(placed.sid)?.status).toBe("in-progress");
  });

  it("a refused token: register() rejects with the reason; destroy unregisters", async () => {
    const refused = phone({}, token(600, "forged")).p;
    const errors: number[] = [];
    refused.on("error", (e) => errors.push(e.code));
    await expect(refused.register()).rejects.toThrow(/20107/);
    expect([refused.state, errors]).toEqual(["unregistered", [20107]]);
    const { p } = phone();
    await p.register();
    p.destroy();
    await sim.waitFor(() => sim.devices().length === 0);
    expect(p.state).toBe("destroyed");
  });

  it("createPhone picks the simulated phone from the token's signalling and refreshes its token by itself", async () => {
    let asked = 0;
    const p = await createPhone({
      fetchToken: async () => (asked++, voiceToken()),
      token: { ...voiceToken(60) },
      simulated: { tokenRefreshMs: 59_700 },
    });
    phones.push(p);
    expect(p).toBeInstanceOf(SimulatedPhone);
    await p.register();
    await sim.waitFor(() => asked === 1 && Date.parse(sim.devices()[0]?.expiresAt ?? "") - Date.now() > 300_000, 3000);
    expect(p.state).toBe("registered");
  });
});
