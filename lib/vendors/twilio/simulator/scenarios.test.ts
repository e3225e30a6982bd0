/**
 * Call scenarios: the simulator calls a voice URL on a test server, acts on
 * the TwiML it gets back (conference, dial, record), and the staff leg answers
 * after N simulated seconds, declines, never answers, or the caller hangs up
 * while it rings. Time runs 50× faster.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { callerWaitTwiml, staffJoinTwiml, voicemailTwiml } from "@/lib/calls/twiml";
import { createTwilioClient, type TwilioClient } from "../client";
import { createTwilioSimulator, type TwilioSimulator } from "./index";
import { startTestApp, type TestApp } from "./test-app";

const SPEED = 50;
let sim: TwilioSimulator;
let app: TestApp;
let client: TwilioClient;

const CALLER = "+15551230000";
const OUR_NUMBER = "+15559870000";

beforeAll(async () => {
  sim = await createTwilioSimulator({ speed: SPEED });
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

const status = (sid: string) => sim.call(sid)?.status;
const seconds = (from: string | null | undefined, to: string | null | undefined) =>
  (Date.parse(to ?? "") - Date.parse(from ?? "")) / 1000;
const confEvents = () => app.at("/conf").map((r) => r.params.StatusCallbackEvent);
const staffStatuses = () => app.at("/staff-status").map((r) => r.params.CallStatus);

describe("inbound call waits in a conference; staff leg dialled into it", () => {
  function serveConference() {
    app.routes.set("/voice", (p) =>
      callerWaitTwiml({ greeting: "Thanks for calling", conferenceName: `call-${p.CallSid}`, statusCallbackUrl: `${app.url}/conf` }),
    );
    app.routes.set("/staff", (_p, q) => staffJoinTwiml({ conferenceName: q.get("conf") ?? "", statusCallbackUrl: `${app.url}/conf` }));
  }

  async function callIn(hangupAfter?: number) {
    const caller = sim.inboundCall({ from: CALLER, to: OUR_NUMBER, url: `${app.url}/voice`, ...(hangupAfter ? { hangupAfter } : {}) });
    await sim.waitFor(() => confEvents().includes("participant-join"));
    return caller;
  }

  const dialStaff = (callerSid: string, timeout = 10) =>
    client.calls.create({
      to: "client:alice",
      from: OUR_NUMBER,
      url: `${app.url}/staff?conf=call-${callerSid}`,
      statusCallback: `${app.url}/staff-status`,
      statusCallbackEvent: ["initiated", "ringing", "answered", "completed"],
      timeout,
    });

  it("staff answers after 3 s: both in the conference, conference started", async () => {
    serveConference();
    sim.setBehaviour("client:alice", { answerAfter: 3 });
    const started = Date.now();
    const caller = await callIn();
    expect(app.at("/voice")[0]).toMatchObject({ signatureValid: true, params: { CallStatus: "ringing", Direction: "inbound", From: CALLER } });
    expect(status(caller.sid)).toBe("in-progress");

    const staff = await dialStaff(caller.sid);
    await sim.waitFor(() => confEvents().includes("conference-start"));
    expect(staffStatuses()).toEqual(["initiated", "ringing", "in-progress"]);
    expect(confEvents()).toEqual(["participant-join", "participant-join", "conference-start"]);
    const leg = await client.calls(staff.sid).fetch();
    expect(seconds(leg.dateCreated.toUTCString(), leg.startTime.toUTCString())).toBeGreaterThanOrEqual(2);
    expect(seconds(leg.dateCreated.toUTCString(), leg.startTime.toUTCString())).toBeLessThanOrEqual(6);
    expect(Date.now() - started).toBeLessThan(2000); // 3 simulated seconds took milliseconds

    await client.calls(staff.sid).update({ status: "completed" });
    await sim.waitFor(() => confEvents().includes("participant-leave"));
    expect(status(caller.sid)).toBe("in-progress"); // staff leaving does not end the caller's conference
  });

  it("staff declines: busy, the caller keeps waiting", async () => {
    serveConference();
    sim.setBehaviour("client:alice", { answer: "busy", declineAfter: 1 });
    const caller = await callIn();
    const staff = await dialStaff(caller.sid);
    await sim.waitFor(() => status(staff.sid) === "busy");
    await sim.idle();
    expect(staffStatuses()).toEqual(["initiated", "ringing", "busy"]);
    expect(status(caller.sid)).toBe("in-progress");
    expect(sim.state().conferences[0]?.status).toBe("init");
  });

  it("staff never answers: no-answer after the 10 s timeout", async () => {
    serveConference();
    sim.setBehaviour("client:alice", { answer: "no-answer" });
    const caller = await callIn();
    const staff = await dialStaff(caller.sid, 10);
    await sim.waitFor(() => status(staff.sid) === "no-answer", 10_000);
    const leg = sim.call(staff.sid);
    expect(seconds(leg?.date_created, leg?.end_time)).toBeGreaterThanOrEqual(9);
    expect(seconds(leg?.date_created, leg?.end_time)).toBeLessThanOrEqual(13);
    expect(leg?.start_time).toBeNull();
  });

  it("caller hangs up while staff rings: conference ends, the ringing leg is cancelled", async () => {
    serveConference();
    sim.setBehaviour("client:alice", { answer: "no-answer" });
    const caller = await callIn(8);
    const staff = await dialStaff(caller.sid, 30);
    await sim.waitFor(() => status(staff.sid) === "ringing");
    await sim.waitFor(() => status(caller.sid) === "completed");
    await sim.waitFor(() => confEvents().includes("conference-end"));
    const end = app.at("/conf").find((r) => r.params.StatusCallbackEvent === "conference-end");
    expect(end?.params).toMatchObject({ ReasonConferenceEnded: "participant-with-end-conference-on-exit-left", CallSidEndingConference: caller.sid });
    expect(status(staff.sid)).toBe("ringing");
    await client.calls(staff.sid).update({ status: "canceled" });
    expect(status(staff.sid)).toBe("canceled");
  });

  it("caller is redirected to voicemail: recording callback and action arrive", async () => {
    serveConference();
    sim.setBehaviour(CALLER, { recordFor: 5 });
    app.routes.set("/vm-done", () => "<Response><Hangup/></Response>");
    const caller = await callIn();
    await client.calls(caller.sid).update({
      twiml: voicemailTwiml({ prompt: "Leave a message", actionUrl: `${app.url}/vm-done`, recordingStatusCallbackUrl: `${app.url}/rec` }),
    });
    await sim.waitFor(() => app.at("/rec").length === 1 && status(caller.sid) === "completed");
    expect(confEvents()).toContain("conference-end"); // the caller left the waiting conference
    const rec = app.at("/rec")[0]?.params;
    expect(rec).toMatchObject({ CallSid: caller.sid, RecordingStatus: "completed" });
    expect(Number(rec?.RecordingDuration)).toBeGreaterThanOrEqual(4);
    expect(app.at("/vm-done")[0]?.params.RecordingSid).toBe(rec?.RecordingSid);
  });
});

describe("inbound call answered with <Dial><Client>", () => {
  function serveDial() {
    app.routes.set(
      "/voice",
      () =>
        `<Response><Dial timeout="5" action="/dial-done"><Client statusCallback="${app.url}/staff-status" statusCallbackEvent="initiated ringing answered completed">alice</Client></Dial></Response>`,
    );
    app.routes.set("/dial-done", () => "<Response><Hangup/></Response>");
  }

  it("alice answers after 1 s and hangs up after 3 s", async () => {
    serveDial();
    sim.setBehaviour("client:alice", { answerAfter: 1, hangupAfter: 3 });
    const caller = sim.inboundCall({ from: CALLER, to: OUR_NUMBER, url: `${app.url}/voice` });
    await sim.waitFor(() => app.at("/dial-done").length === 1);
    const done = app.at("/dial-done")[0]?.params ?? {};
    expect(done).toMatchObject({ CallSid: caller.sid, DialCallStatus: "completed" });
    expect(Number(done.DialCallDuration)).toBeGreaterThanOrEqual(2);
    expect(Number(done.DialCallDuration)).toBeLessThanOrEqual(4);
    const child = sim.call(done.DialCallSid ?? "");
    expect(child).toMatchObject({ parent_call_sid: caller.sid, direction: "outbound-dial", to: "client:alice", from: CALLER });
    expect(staffStatuses()).toEqual(["initiated", "ringing", "in-progress", "completed"]);
    await sim.waitFor(() => status(caller.sid) === "completed");
  });

  it("alice is busy", async () => {
    serveDial();
    sim.setBehaviour("client:alice", { answer: "busy" });
    sim.inboundCall({ from: CALLER, to: OUR_NUMBER, url: `${app.url}/voice` });
    await sim.waitFor(() => app.at("/dial-done").length === 1);
    expect(app.at("/dial-done")[0]?.params.DialCallStatus).toBe("busy");
  });

  it("alice never answers: no-answer after the Dial timeout", async () => {
    serveDial();
    sim.setBehaviour("client:alice", { answer: "no-answer" });
    sim.inboundCall({ from: CALLER, to: OUR_NUMBER, url: `${app.url}/voice` });
    await sim.waitFor(() => app.at("/dial-done").length === 1);
    expect(app.at("/dial-done")[0]?.params.DialCallStatus).toBe("no-answer");
  });

  it("the caller hangs up mid-ring: alice's leg is cancelled, no action request", async () => {
    serveDial();
    sim.setBehaviour("client:alice", { answer: "manual" });
    const caller = sim.inboundCall({ from: CALLER, to: OUR_NUMBER, url: `${app.url}/voice`, hangupAfter: 2 });
    await sim.waitFor(() => status(caller.sid) === "completed");
    await sim.idle();
    const child = sim.state().calls.find((c) => c.parent_call_sid === caller.sid);
    expect(child?.status).toBe("canceled");
    expect(app.at("/dial-done")).toHaveLength(0);
  });

  it("a manual leg is answered through the control API", async () => {
    serveDial();
    sim.setBehaviour("client:alice", { answer: "manual" });
    const caller = sim.inboundCall({ from: CALLER, to: OUR_NUMBER, url: `${app.url}/voice` });
    const child = await sim.waitFor(() => sim.state().calls.find((c) => c.parent_call_sid === caller.sid && c.status === "ringing"));
    const res = await fetch(`${sim.url}/_sim/calls/${child.sid}/answer`, { method: "POST" });
    expect(res.status).toBe(200);
    await sim.waitFor(() => status(child.sid) === "in-progress");
    await fetch(`${sim.url}/_sim/calls/${caller.sid}/hangup`, { method: "POST" });
    await sim.waitFor(() => status(child.sid) === "completed");
  });
});

describe("documents, fallbacks and redirects", () => {
  it("uses FallbackUrl when the Url fails, follows <Redirect>, dials a <Number>", async () => {
    app.routes.set("/bad", () => ({ status: 500, body: "oops" }));
    app.routes.set("/fallback", () => "<Response><Redirect>/second</Redirect></Response>");
    app.routes.set("/second", () => '<Response><Dial callerId="+15550009999"><Number>+15550001111</Number></Dial></Response>');
    sim.setBehaviour("+15550001111", { answerAfter: 1, hangupAfter: 2 });
    const call = await client.calls.create({ to: "+15550002222", from: OUR_NUMBER, url: `${app.url}/bad`, fallbackUrl: `${app.url}/fallback` });
    await sim.waitFor(() => status(call.sid) === "completed");
    expect(app.received.map((r) => r.path)).toEqual(["/bad", "/fallback", "/second"]);
    expect(app.at("/fallback")[0]?.params).toMatchObject({ ErrorCode: "11200", ErrorUrl: `${app.url}/bad` });
    const child = sim.state().calls.find((c) => c.parent_call_sid === call.sid);
    expect(child).toMatchObject({ to: "+15550001111", from: "+15550009999", status: "completed" });
  });

  it("ends the call when the answer is not TwiML", async () => {
    app.routes.set("/voice", () => "not xml");
    const caller = sim.inboundCall({ from: CALLER, to: OUR_NUMBER, url: `${app.url}/voice` });
    await sim.waitFor(() => status(caller.sid) === "failed");
  });
});

describe("control API", () => {
  it("starts an inbound call and sets behaviours over HTTP", async () => {
    app.routes.set("/voice", () => "<Response><Say>hi</Say></Response>");
    const put = await fetch(`${sim.url}/_sim/behaviours/client%3Abob`, {
      method: "PUT",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ answer: "busy" }),
    });
    expect(put.status).toBe(200);
    expect(sim.behaviours()["client:bob"]).toEqual({ answer: "busy" });
    const bad = await fetch(`${sim.url}/_sim/behaviours/x`, { method: "PUT", headers: { "Content-Type": "application/json" }, body: '{"answer":"maybe"}' });
    expect(bad.status).toBe(400);
    const res = await fetch(`${sim.url}/_sim/calls/inbound`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ from: CALLER, to: OUR_NUMBER, url: `${app.url}/voice` }),
    });
    expect(res.status).toBe(201);
    const call = (await res.json()) as { sid: string; direction: string };
    expect(call.direction).toBe("inbound");
    await sim.waitFor(() => status(call.sid) === "completed");
    const state = (await (await fetch(`${sim.url}/_sim/state`)).json()) as { calls: unknown[] };
    expect(state.calls).toHaveLength(1);
  });
});
