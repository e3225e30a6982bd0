import { describe, expect, it } from "vitest";
import { aircallCallEvents, aircallRequest } from "@/lib/vendors/aircall/simulator";
import { signAircall } from "@/lib/vendors/aircall/verify";
import { aircallWebhook } from "./aircall";
import { receiveWebhook } from "@/lib/capture/pipeline";
import type { VerifyContext, WebhookRequest } from "./types";

const TOKEN = "45XXYYZZa08";
const ctx: VerifyContext = { secret: TOKEN, now: new Date("2026-03-01T10:00:00Z") };
const agent = { id: 456, name: "Ann Agent", email: "ann@acme.example" };
const at = new Date("2026-03-01T09:00:00Z");

const asRequest = (body: object): WebhookRequest => ({ headers: { "content-type": "application/json" }, rawBody: signAircall({ ...body }, TOKEN), pathAndQuery: "/api/webhooks/aircall" });
const store = (body: object) => {
  const outcome = receiveWebhook(aircallWebhook, asRequest(body), ctx);
  if (outcome.kind !== "store") throw new Error(JSON.stringify(outcome));
  return outcome.event;
};

describe("aircall webhook: interpret", () => {
  const answered = aircallCallEvents({ from: "0412 345 678", to: agent, at, durationSeconds: 120, callId: 812 });

  it("stores every lifecycle event, one id per delivery: call id, event, timestamp and body hash", () => {
    expect(answered.map((e) => e.event)).toEqual(["call.created", "call.ringing_on_agent", "call.answered", "call.hungup", "call.ended"]);
    const ids = answered.map((e) => store(e).vendorEventId);
    expect(ids.map((id) => id.split(":").slice(0, 2).join(":"))).toEqual([
      "812:call.created", "812:call.ringing_on_agent", "812:call.answered", "812:call.hungup", "812:call.ended",
    ]);
    expect(ids[0]).toMatch(/^812:call\.created:\d+:[0-9a-f]{16}$/);
  });

  it("gives a second delivery of the same event name for one call its own id (a second call.hold 30 s later)", () => {
    const live = answered[2]!;
    const hold = { ...live, event: "call.hold", timestamp: live.timestamp + 10 };
    const again = { ...hold, timestamp: hold.timestamp + 30 };
    expect(store(hold).vendorEventId).not.toBe(store(again).vendorEventId);
    // Same timestamp, a different body (Aircall re-sent it with a tag): still a new delivery.
    expect(store(hold).vendorEventId).not.toBe(store({ ...hold, data: { ...hold.data, tags: [{ id: 1, name: "VIP" }] } }).vendorEventId);
  });

  it("does not store the webhook token with the payload", () => {
    const event = store(answered[0]!);
    expect(event.payload).not.toHaveProperty("token");
    expect(JSON.stringify(event.payload)).not.toContain(TOKEN);
    expect(event.payload).toMatchObject({ resource: "call", event: "call.created", data: { id: 812 } });
  });

  it("is stable for a retry of the same event", () => {
    const ended = answered.at(-1)!;
    expect(store(ended).vendorEventId).toBe(store({ ...ended }).vendorEventId);
  });

  it("reads the caller's number in E.164 and the event time", () => {
    expect(store(answered[0]!)).toMatchObject({
      vendor: "aircall",
      eventType: "call.created",
      channel: "call",
      occurredAt: at,
      contact: { kind: "phone", value: "+61412345678" },
    });
  });

  it("stores voicemail and missed call events too", () => {
    const voicemail = aircallCallEvents({ from: "+61412345678", to: agent, at, answered: false, voicemail: true, callId: 813 });
    expect(voicemail.map((e) => e.event)).toEqual(["call.created", "call.ringing_on_agent", "call.voicemail_left", "call.hungup", "call.ended"]);
    expect(store(voicemail[2]!).vendorEventId).toMatch(/^813:call\.voicemail_left:/);
  });

  it("keeps other resources without reading them as calls", () => {
    expect(store({ resource: "user", event: "user.opened", timestamp: 1772355600, data: { id: 456 } })).toMatchObject({ vendorEventId: expect.stringMatching(/^456:user\.opened:/), channel: null, contact: null });
  });

  it("stores a call it cannot read (the processor skips it with the reason); 400 only for a body not in Aircall's envelope", () => {
    const ended = answered.at(-1)!;
    expect(store({ ...ended, data: { ...ended.data, direction: "sideways" } })).toMatchObject({ eventType: "call.ended", contact: null });
    const cases: [object, string][] = [
      [{ ...ended, timestamp: "yesterday" }, "timestamp"],
      [{ event: "call.ended", timestamp: 1, data: {} }, "resource"],
    ];
    for (const [body, reason] of cases) {
      expect(receiveWebhook(aircallWebhook, asRequest(body), ctx)).toMatchObject({ kind: "malformed", status: 400, reason: expect.stringContaining(reason) });
    }
  });

  it("rejects a wrong token before reading anything", () => {
    const request = aircallRequest(answered[0]!, "not-the-token");
    expect(receiveWebhook(aircallWebhook, { ...request, pathAndQuery: "/" }, ctx)).toMatchObject({ kind: "rejected", status: 403 });
  });
});

describe("aircall toInteraction", () => {
  it("makes call.ended an answered inbound call with staff, duration and recording", () => {
    const ended = aircallCallEvents({ from: "0412 345 678", to: agent, at, durationSeconds: 120, callId: 812 }).at(-1)!;
    expect(aircallWebhook.toInteraction({ ...ended, token: TOKEN })).toEqual({
      ok: true,
      interaction: {
        channel: "call",
        direction: "inbound",
        occurredAt: at,
        contact: { kind: "phone", value: "+61412345678" },
        staff: { kind: "aircall_user", value: "456" },
        summary: "Inbound call, answered, 2m 8s",
        call: {
          vendorCallId: "812", durationSeconds: 128, outcome: "answered", recordingUrl: "https://assets.aircall.io/calls/812",
          media: [{ kind: "recording", url: expect.stringMatching(/\/calls\/812\/recording\.mp3\?.*X-Amz-Expires=600/) }],
        },
      },
    });
  });

  it("reads voicemail, missed and unanswered outbound outcomes", () => {
    const last = (spec: Parameters<typeof aircallCallEvents>[0]) => aircallCallEvents(spec).at(-1)!;
    expect(aircallWebhook.toInteraction(last({ from: "+61412345678", to: agent, at, answered: false, voicemail: true })))
      .toMatchObject({ ok: true, interaction: { call: { outcome: "voicemail", recordingUrl: expect.stringContaining("assets.aircall.io"), media: [{ kind: "voicemail", url: expect.stringContaining("voicemail.mp3?") }] }, staff: null } });
    expect(aircallWebhook.toInteraction(last({ from: "+61412345678", to: agent, at, answered: false })))
      .toMatchObject({ ok: true, interaction: { call: { outcome: "agents_did_not_answer" } } });
    expect(aircallWebhook.toInteraction(last({ from: agent, to: "+61412345678", at, answered: false })))
      .toMatchObject({ ok: true, interaction: { direction: "outbound", call: { outcome: "no_answer" }, staff: { value: "456" } } });
  });

  it("skips events before call.ended", () => {
    const created = aircallCallEvents({ from: "+61412345678", to: agent, at })[0]!;
    expect(aircallWebhook.toInteraction(created)).toMatchObject({ ok: false, reason: expect.stringContaining("call.ended") });
  });
});
