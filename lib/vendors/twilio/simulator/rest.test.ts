/** The real `twilio` client against the simulator's REST API. */
import twilio from "twilio";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createTwilioClient, type TwilioClient } from "../client";
import { createTwilioSimulator, type TwilioSimulator } from "./index";
import { startTestApp, type TestApp } from "./test-app";

let sim: TwilioSimulator;
let app: TestApp;
let client: TwilioClient;

beforeAll(async () => {
  sim = await createTwilioSimulator({ speed: 100 });
  app = await startTestApp(sim.authToken);
  client = createTwilioClient({ kind: "simulator", accountSid: sim.accountSid, authToken: sim.authToken, simUrl: sim.url });
});
afterEach(() => {
  sim.reset();
  app.routes.clear();
  app.received.length = 0;
});
afterAll(async () => {
  await sim.stop();
  await app.close();
});

const RFC2822 = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} \+0000$/;
const statusOf = (sid: string) => () => sim.call(sid)?.status;

async function rest(path: string, init: RequestInit = {}) {
  const auth = Buffer.from(`${sim.accountSid}:${sim.authToken}`).toString("base64");
  const res = await fetch(`${sim.url}/2010-04-01/Accounts/${sim.accountSid}${path}`, {
    ...init,
    headers: { Authorization: `Basic ${auth}`, ...init.headers },
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

describe("Calls", () => {
  it("creates, fetches and lists a call; status callbacks are ordered and signed", async () => {
    app.routes.set("/voice", () => "<Response><Say>Hello there</Say><Hangup/></Response>");
    const call = await client.calls.create({
      to: "+15550001111",
      from: "+15550002222",
      url: `${app.url}/voice`,
      statusCallback: `${app.url}/status?leg=a`,
      statusCallbackEvent: ["initiated", "ringing", "answered", "completed"],
    });
    expect(call.sid).toMatch(/^CA[0-9a-f]{32}$/);
    expect(call.status).toBe("queued");
    expect(call.direction).toBe("outbound-api");
    await sim.waitFor(() => sim.call(call.sid)?.status === "completed");
    await sim.idle();

    const fetched = await client.calls(call.sid).fetch();
    expect(fetched).toMatchObject({ sid: call.sid, status: "completed", to: "+15550001111", from: "+15550002222" });
    expect(Number(fetched.duration)).toBeGreaterThanOrEqual(1);
    const raw = await rest(`/Calls/${call.sid}.json`);
    expect(raw.json.date_created).toMatch(RFC2822);
    expect(raw.json.start_time).toMatch(RFC2822);
    expect(raw.json.uri).toBe(`/2010-04-01/Accounts/${sim.accountSid}/Calls/${call.sid}.json`);

    const statuses = app.at("/status");
    expect(statuses.map((r) => [r.params.CallStatus, r.params.SequenceNumber])).toEqual([
      ["initiated", "0"],
      ["ringing", "1"],
      ["in-progress", "2"],
      ["completed", "3"],
    ]);
    expect(statuses.every((r) => r.signatureValid && r.query.get("leg") === "a")).toBe(true);
    expect(statuses[3]?.params).toMatchObject({ CallSid: call.sid, AccountSid: sim.accountSid, Direction: "outbound-api" });
    expect(statuses[0]?.params.Timestamp).toMatch(RFC2822);
    const voice = app.at("/voice")[0];
    expect(voice?.params).toMatchObject({ CallSid: call.sid, CallStatus: "in-progress", ApiVersion: "2010-04-01" });
    expect(voice?.signatureValid).toBe(true);
    expect(twilio.validateRequest("wrong-token", "x", `${app.url}/voice`, voice?.params ?? {})).toBe(false);

    const listed = await client.calls.list({ to: "+15550001111" });
    expect(listed.map((c) => c.sid)).toEqual([call.sid]);
  });

  it("pages a list through next_page_uri", async () => {
    for (let i = 0; i < 3; i++) {
      await client.calls.create({ to: `+1555000000${i}`, from: "+15550002222", twiml: "<Response><Hangup/></Response>" });
    }
    const all = await client.calls.list({ pageSize: 2 });
    expect(all).toHaveLength(3);
    const first = await client.calls.page({ pageSize: 2 });
    expect(first.instances).toHaveLength(2);
    expect((await first.nextPage())?.instances).toHaveLength(1);
  });

  it("redirects a live call with Twiml and with Url, and hangs up with Status=completed", async () => {
    app.routes.set("/wait", () => '<Response><Pause length="600"/></Response>');
    app.routes.set("/next", () => '<Response><Pause length="600"/></Response>');
    const call = await client.calls.create({ to: "+15550001111", from: "+15550002222", url: `${app.url}/wait` });
    await sim.waitFor(() => app.at("/wait").length > 0);

    const redirected = await client.calls(call.sid).update({ url: `${app.url}/next`, method: "POST" });
    expect(redirected.status).toBe("in-progress");
    await sim.waitFor(() => app.at("/next").length > 0);
    expect(app.at("/next")[0]?.signatureValid).toBe(true);

    await client.calls(call.sid).update({ twiml: "<Response><Say>bye now</Say><Hangup/></Response>" });
    await sim.waitFor(() => statusOf(call.sid)() === "completed");

    const second = await client.calls.create({ to: "+15550001111", from: "+15550002222", url: `${app.url}/wait` });
    await sim.waitFor(() => statusOf(second.sid)() === "in-progress");
    const ended = await client.calls(second.sid).update({ status: "completed" });
    expect(ended.status).toBe("completed");
    await expect(client.calls(second.sid).update({ url: `${app.url}/next` })).rejects.toMatchObject({ status: 400, code: 21220 });
  });

  it("cancels a call that is still ringing", async () => {
    sim.setBehaviour("+15550003333", { answer: "no-answer" });
    const call = await client.calls.create({ to: "+15550003333", from: "+15550002222", twiml: "<Response/>" });
    await sim.waitFor(() => statusOf(call.sid)() === "ringing");
    await client.calls(call.sid).update({ status: "canceled" });
    expect(statusOf(call.sid)()).toBe("canceled");
  });

  it("answers errors the way Twilio does", async () => {
    await expect(client.calls("CA00000000000000000000000000000000").fetch()).rejects.toMatchObject({
      status: 404,
      code: 20404,
      moreInfo: "https://www.twilio.com/docs/errors/20404",
    });
    await expect(client.calls.create({ to: "", from: "+1555", url: "http://x" })).rejects.toMatchObject({ status: 400, code: 21201 });
    const bad = createTwilioClient({ kind: "simulator", accountSid: sim.accountSid, authToken: "nope", simUrl: sim.url });
    await expect(bad.calls.list()).rejects.toMatchObject({ status: 401, code: 20003, message: "Authenticate" });
    const raw = await rest("/Calls/CA00000000000000000000000000000000.json");
    expect(Object.keys(raw.json).sort()).toEqual(["code", "message", "more_info", "status"]);
  });

  it("refuses a client identity Twilio refuses (21211), and strips a client's custom parameters from To", async () => {
    const uuid = "0f8fad5b-d9cb-469f-a165-70867728950e";
    for (const to of [`client:${uuid}`, `client:${"a".repeat(122)}`, "client:", "client:al ice"]) {
      await expect(client.calls.create({ to, from: "+15550002222", twiml: "<Response/>" })).rejects.toMatchObject({ status: 400, code: 21211 });
      await expect(client.conferences("room-x").participants.create({ to, from: "+15550002222" })).rejects.toMatchObject({ status: 400, code: 21211 });
    }
    expect(sim.state().calls).toEqual([]);
    sim.setBehaviour("client:staff_1", { answer: "no-answer" });
    const ok = await client.calls.create({ to: `client:${"a".repeat(121)}`, from: "+15550002222", twiml: "<Response/>" });
    const withParams = await client.calls.create({ to: "client:staff_1?callId=c1&legKey=CA1%3Aleg%3A1", from: "+15550002222", twiml: "<Response/>" });
    expect(ok.to).toBe(`client:${"a".repeat(121)}`);
    expect(withParams.to).toBe("client:staff_1");
    expect((await client.calls.list({ to: "client:staff_1" })).map((c) => c.sid)).toEqual([withParams.sid]);
  });
});

describe("Conferences and participants", () => {
  it("adds a participant, holds, mutes and removes it, with conference callbacks", async () => {
    app.routes.set(
      "/join",
      () =>
        `<Response><Dial><Conference statusCallback="${app.url}/conf" statusCallbackEvent="start end join leave mute hold" endConferenceOnExit="true">room-1</Conference></Dial></Response>`,
    );
    const host = sim.inboundCall({ from: "+15550004444", to: "+15550005555", url: `${app.url}/join` });
    await sim.waitFor(() => sim.state().conferences.find((c) => c.friendly_name === "room-1" && c.status === "in-progress"));
    const [conf] = await client.conferences.list({ friendlyName: "room-1", status: "in-progress" });
    expect(conf?.sid).toMatch(/^CF[0-9a-f]{32}$/);
    expect(conf?.status).toBe("in-progress");

    sim.setBehaviour("client:bob", { answerAfter: 2 });
    const added = await client.conferences("room-1").participants.create({
      from: "+15550005555",
      to: "client:bob",
      label: "staff",
      endConferenceOnExit: false,
    });
    expect(added).toMatchObject({ conferenceSid: conf?.sid, status: "queued", label: "staff" });
    await sim.waitFor(() => app.at("/conf").filter((r) => r.params.StatusCallbackEvent === "participant-join").length === 2);
    const participants = await client.conferences(conf?.sid ?? "").participants.list();
    expect(participants.map((p) => p.callSid).sort()).toEqual([host.sid, added.callSid].sort());

    const held = await client.conferences(conf?.sid ?? "").participants(added.callSid).update({ hold: true });
    expect(held.hold).toBe(true);
    await client.conferences(conf?.sid ?? "").participants(host.sid).update({ muted: true });
    const fetched = await client.conferences(conf?.sid ?? "").participants("staff").fetch();
    expect(fetched).toMatchObject({ hold: true, muted: false, callSid: added.callSid });

    await client.conferences(conf?.sid ?? "").participants(added.callSid).remove();
    await sim.waitFor(() => sim.call(added.callSid)?.status === "completed");
    await sim.idle();
    const events = app.at("/conf").map((r) => r.params.StatusCallbackEvent);
    expect(events).toEqual([
      "participant-join",
      "conference-start",
      "participant-join",
      "participant-hold",
      "participant-mute",
      "participant-leave",
    ]);
    expect(app.at("/conf").every((r) => r.signatureValid)).toBe(true);
    expect(app.at("/conf").map((r) => Number(r.params.SequenceNumber))).toEqual([0, 1, 2, 3, 4, 5]);
    expect(await client.conferences(conf?.sid ?? "").participants.list()).toHaveLength(1);

    await client.conferences(conf?.sid ?? "").update({ status: "completed" });
    await sim.waitFor(() => sim.call(host.sid)?.status === "completed");
    const ended = await client.conferences(conf?.sid ?? "").fetch();
    expect(ended).toMatchObject({ status: "completed", reasonConferenceEnded: "conference-ended-via-api" });
  });
});

describe("Messages and recordings", () => {
  it("sends a message through queued → sent → delivered, lists and fetches it", async () => {
    const m = await client.messages.create({ to: "+15550006666", from: "+15550007777", body: "hello", statusCallback: `${app.url}/sms-status` });
    expect(m.sid).toMatch(/^SM[0-9a-f]{32}$/);
    expect(m.status).toBe("queued");
    await sim.waitFor(() => app.at("/sms-status").length === 2);
    expect(app.at("/sms-status").map((r) => r.params.MessageStatus)).toEqual(["sent", "delivered"]);
    expect(app.at("/sms-status").every((r) => r.signatureValid)).toBe(true);
    expect((await client.messages(m.sid).fetch()).status).toBe("delivered");
    expect((await client.messages.list({ to: "+15550006666" })).map((x) => x.sid)).toEqual([m.sid]);
    await expect(client.messages.create({ to: "+15550006666", from: "+15550007777", body: "" })).rejects.toMatchObject({ code: 21602 });
  });

  it("filters the list by To, From and DateSent as Twilio does; a message not sent yet has no date_sent", async () => {
    const a = await client.messages.create({ to: "+15550006666", from: "+15550007777", body: "a" });
    await client.messages.create({ to: "+15550006666", from: "+15550009999", body: "other line" });
    const waiting = await client.messages.create({ to: "+15550006666", from: "+15550007777", body: "still queued" });
    expect(waiting.dateSent).toBeNull();
    await sim.waitFor(() => sim.state().messages.find((x) => x.sid === a.sid)?.status === "delivered");
    const sentAt = new Date((await client.messages(a.sid).fetch()).dateSent);
    const line = { to: "+15550006666", from: "+15550007777" };
    const sids = async (filter: Record<string, Date>) => (await client.messages.list({ ...line, ...filter })).map((x) => x.body);
    expect(await sids({})).toEqual(["still queued", "a"]); // newest first
    // inclusive to the second, either side; the other line's message never matches
    expect(await sids({ dateSentAfter: sentAt })).toEqual(expect.arrayContaining(["a"]));
    expect(await sids({ dateSentBefore: sentAt })).toEqual(expect.arrayContaining(["a"]));
    expect(await sids({ dateSent: sentAt })).toEqual(expect.arrayContaining(["a"]));
    expect(await sids({ dateSentAfter: new Date(sentAt.getTime() + 2_000) })).not.toContain("a");
    expect(await sids({ dateSentBefore: new Date(sentAt.getTime() - 2_000) })).toEqual([]);
    // a whole GMT day, as YYYY-MM-DD
    const day = sentAt.toISOString().slice(0, 10);
    expect((await rest(`/Messages.json?To=%2B15550006666&From=%2B15550007777&DateSent=${day}`)).json.messages).toEqual(
      expect.arrayContaining([expect.objectContaining({ sid: a.sid })]),
    );
    expect(await rest("/Messages.json?DateSent%3E=yesterday")).toMatchObject({ status: 400, json: { code: 20001 } });
  });

  it("refuses a To that is not a phone number (21211)", async () => {
    await expect(client.messages.create({ to: "+6100", from: "+15550007777", body: "x" })).rejects.toMatchObject({ status: 400, code: 21211 });
    expect(sim.state().messages).toEqual([]);
  });

  it("fails injected requests: before (nothing happens), after (the answer is lost), or by dropping the connection", async () => {
    const send = () => client.messages.create({ to: "+15550006666", from: "+15550007777", body: "x" });
    sim.failRequests({ method: "POST", path: "/Messages.json", answer: 503 });
    await expect(send()).rejects.toMatchObject({ status: 503 });
    expect(sim.state().messages).toHaveLength(0);
    sim.failRequests({ method: "POST", path: "/Messages.json", answer: 502, when: "after" });
    await expect(send()).rejects.toMatchObject({ status: 502 });
    expect(sim.state().messages).toHaveLength(1);
    sim.failRequests({ method: "POST", path: "/Messages.json", answer: "reset" });
    const reset = await send().catch((e: unknown) => e);
    expect(reset).toBeInstanceOf(Error);
    expect(reset).not.toHaveProperty("status");
    await send();
    expect(sim.state().messages).toHaveLength(2);
  });

  it("marks a message undelivered when the handset is unreachable", async () => {
    sim.setBehaviour("+15550008888", { sms: "undelivered" });
    const m = await client.messages.create({ to: "+15550008888", from: "+15550007777", body: "x" });
    await sim.waitFor(() => sim.state().messages.find((x) => x.sid === m.sid)?.status === "undelivered");
    expect(await client.messages(m.sid).fetch()).toMatchObject({ status: "undelivered", errorCode: 30003 });
  });

  it("posts an inbound SMS to the SMS webhook and sends the TwiML reply", async () => {
    app.routes.set("/sms", (p) => `<Response><Message>got: ${p.Body}</Message></Response>`);
    const inbound = await sim.inboundMessage({ from: "+15550006666", to: "+15550007777", body: "hi", url: `${app.url}/sms` });
    expect(app.at("/sms")[0]).toMatchObject({ signatureValid: true, params: { MessageSid: inbound.sid, Body: "hi", SmsStatus: "received" } });
    const replies = await client.messages.list({ to: "+15550006666", from: "+15550007777" });
    expect(replies.map((r) => r.body)).toEqual(["got: hi"]);
  });

  it("records with <Record> and serves the recording", async () => {
    sim.setBehaviour("+15550001234", { recordFor: 4 });
    app.routes.set("/rec", () => `<Response><Record action="/rec-done" recordingStatusCallback="${app.url}/rec-status"/></Response>`);
    app.routes.set("/rec-done", () => "<Response><Hangup/></Response>");
    const call = sim.inboundCall({ from: "+15550001234", to: "+15550005555", url: `${app.url}/rec` });
    await sim.waitFor(() => app.at("/rec-status").length === 1);
    const cb = app.at("/rec-status")[0]?.params ?? {};
    expect(cb).toMatchObject({ CallSid: call.sid, RecordingStatus: "completed", RecordingSource: "RecordVerb" });
    expect(Number(cb.RecordingDuration)).toBeGreaterThanOrEqual(3);
    expect(app.at("/rec-done")[0]?.params.RecordingSid).toBe(cb.RecordingSid);
    const rec = await client.recordings(cb.RecordingSid ?? "").fetch();
    expect(rec).toMatchObject({ sid: cb.RecordingSid, callSid: call.sid, status: "completed" });
    const media = await fetch(`${cb.RecordingUrl}.wav`);
    expect(media.headers.get("content-type")).toBe("audio/x-wav");
  });
});
