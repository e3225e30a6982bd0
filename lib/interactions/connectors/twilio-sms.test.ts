import { describe, expect, it } from "vitest";
import { receiveWebhook } from "@/lib/capture/pipeline";
import { twilioSmsInbound, twilioSmsStatusCallback } from "./twilio-sms";
import { OUR_NUMBER, inboundSms, smsStatus, twilioCtx, twilioRequest } from "./twilio.fixtures";

const PATH = "/api/webhooks/twilio/sms";

describe("twilio inbound SMS", () => {
  it("stores an incoming message keyed by MessageSid, with the sender in E.164", () => {
    const outcome = receiveWebhook(twilioSmsInbound, twilioRequest(PATH, inboundSms), twilioCtx);
    expect(outcome).toMatchObject({
      kind: "store",
      event: {
        vendor: "twilio",
        vendorEventId: "SM11111111111111111111111111111111",
        eventType: "sms.received",
        occurredAt: null,
        channel: "sms",
        contact: { kind: "phone", value: "+61412345678" },
      },
      ack: { status: 200, contentType: "text/xml" },
    });
    if (outcome.kind === "store") expect(outcome.event.payload).toEqual(inboundSms);
  });

  it("rejects a tampered body and a missing signature, storing nothing", () => {
    const tampered = twilioRequest(PATH, { ...inboundSms, Body: "Cancel everything" }, inboundSms);
    expect(receiveWebhook(twilioSmsInbound, tampered, twilioCtx)).toMatchObject({ kind: "rejected", status: 403 });
    const unsigned = twilioRequest(PATH, inboundSms);
    delete (unsigned.headers as Record<string, string>)["x-twilio-signature"];
    expect(receiveWebhook(twilioSmsInbound, unsigned, twilioCtx)).toMatchObject({ kind: "rejected", status: 401 });
  });

  it("answers 400 with the reason for a signed but malformed message", () => {
    const { MessageSid: _drop, ...noSid } = inboundSms;
    expect(receiveWebhook(twilioSmsInbound, twilioRequest(PATH, noSid), twilioCtx)).toEqual({
      kind: "malformed",
      status: 400,
      reason: expect.stringContaining("MessageSid"),
    });
  });

  it("turns the stored payload into an inbound SMS interaction", () => {
    expect(twilioSmsInbound.toInteraction({ ...inboundSms, NumMedia: "2" })).toEqual({
      ok: true,
      interaction: {
        channel: "sms",
        direction: "inbound",
        occurredAt: null,
        contact: { kind: "phone", value: "+61412345678" },
        staff: { kind: "phone", value: OUR_NUMBER },
        summary: "Hi, is my order ready? (+ 2 files)",
        sms: { vendorMessageId: "SM11111111111111111111111111111111", body: "Hi, is my order ready?", deliveryStatus: "received" },
      },
    });
    expect(twilioSmsInbound.toInteraction({ nope: 1 })).toMatchObject({ ok: false, reason: expect.stringContaining("malformed payload") });
  });
});

describe("twilio message status callbacks", () => {
  const idFor = (params: Record<string, string>) => {
    const outcome = receiveWebhook(twilioSmsStatusCallback, twilioRequest("/api/webhooks/twilio/sms-status", params), twilioCtx);
    if (outcome.kind !== "store") throw new Error(JSON.stringify(outcome));
    return outcome.event.vendorEventId;
  };

  it("keys each distinct status separately and a retry identically", () => {
    const sent = idFor(smsStatus("sent"));
    expect(sent).toBe("SM22222222222222222222222222222222:sent");
    expect(idFor(smsStatus("sent"))).toBe(sent);
    expect(idFor(smsStatus("delivered"))).toBe("SM22222222222222222222222222222222:delivered");
  });

  it("stores a status it does not know and skips it with the status's name; an empty ErrorCode is no error", () => {
    const outcome = receiveWebhook(twilioSmsStatusCallback, twilioRequest("/s", smsStatus("exploded")), twilioCtx);
    expect(outcome).toMatchObject({ kind: "store" });
    expect(twilioSmsStatusCallback.toInteraction(smsStatus("exploded"))).toEqual({ ok: false, reason: 'unknown message status "exploded"' });
    expect(twilioSmsStatusCallback.toInteraction(smsStatus("delivered", { ErrorCode: "" }))).toMatchObject({ ok: true, interaction: { sms: { deliveryStatus: "delivered", deliveryError: null } } });
  });

  it("gives the processor a status-only update (no body) for the customer it went to", () => {
    const result = twilioSmsStatusCallback.toInteraction(smsStatus("undelivered", { ErrorCode: "30003" }));
    expect(result).toMatchObject({
      ok: true,
      interaction: {
        direction: "outbound",
        contact: { kind: "phone", value: "+61412345678" },
        staff: { kind: "phone", value: OUR_NUMBER },
        summary: "Outbound SMS undelivered (error 30003)",
        sms: { body: null, deliveryStatus: "undelivered", deliveryError: "Twilio error 30003: unreachable destination handset" },
      },
    });
  });
});
