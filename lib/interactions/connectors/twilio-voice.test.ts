import { describe, expect, it } from "vitest";
import { receiveWebhook } from "@/lib/capture/pipeline";
import { callStatus, OUR_NUMBER, recording, twilioCtx, twilioRequest } from "./twilio.fixtures";
import { toRecording, twilioCallStatus, twilioRecording } from "./twilio-voice";

const PATH = "/api/webhooks/twilio/voice-status";

describe("twilio call status callbacks", () => {
  it("stores each status of a call as its own event, a retry as the same one", () => {
    const id = (status: string) => {
      const outcome = receiveWebhook(twilioCallStatus, twilioRequest(PATH, callStatus(status)), twilioCtx);
      if (outcome.kind !== "store") throw new Error(JSON.stringify(outcome));
      return outcome.event;
    };
    expect(id("ringing").vendorEventId).toBe("CA33333333333333333333333333333333:ringing");
    expect(id("completed")).toMatchObject({
      vendorEventId: "CA33333333333333333333333333333333:completed",
      eventType: "call.status",
      channel: "call",
      occurredAt: new Date("2026-03-01T10:03:12Z"),
      contact: { kind: "phone", value: "+61412345678" },
    });
    expect(id("completed").vendorEventId).toBe(id("completed").vendorEventId);
  });

  it("answers 400 for a malformed callback", () => {
    const outcome = receiveWebhook(twilioCallStatus, twilioRequest(PATH, callStatus("completed", { CallSid: "nope" })), twilioCtx);
    expect(outcome).toMatchObject({ kind: "malformed", status: 400, reason: expect.stringContaining("CallSid") });
  });

  it("makes the completed call an answered inbound call with its duration", () => {
    expect(twilioCallStatus.toInteraction(callStatus("completed", { CallDuration: "192" }))).toEqual({
      ok: true,
      interaction: {
        channel: "call",
        direction: "inbound",
        occurredAt: new Date("2026-03-01T10:03:12Z"),
        contact: { kind: "phone", value: "+61412345678" },
        staff: { kind: "phone", value: OUR_NUMBER },
        summary: "Inbound call, answered, 3m 12s",
        call: { vendorCallId: "CA33333333333333333333333333333333", durationSeconds: 192, outcome: "answered", recordingUrl: null },
      },
    });
  });

  it("maps final statuses to outcomes and skips the rest", () => {
    expect(twilioCallStatus.toInteraction(callStatus("no-answer"))).toMatchObject({ ok: true, interaction: { call: { outcome: "no_answer" } } });
    expect(twilioCallStatus.toInteraction(callStatus("busy"))).toMatchObject({ ok: true, interaction: { call: { outcome: "busy" } } });
    expect(twilioCallStatus.toInteraction(callStatus("ringing"))).toMatchObject({ ok: false });
    expect(twilioCallStatus.toInteraction(callStatus("in-progress"))).toMatchObject({ ok: false });
  });

  it("reads softphone legs: staff is the client identity, the customer the number", () => {
    const placed = twilioCallStatus.toInteraction(callStatus("completed", { From: "client:alice", To: "0412 345 678", Direction: "inbound" }));
    expect(placed).toMatchObject({ ok: true, interaction: { direction: "outbound", staff: { kind: "twilio_client", value: "alice" }, contact: { value: "+61412345678" } } });
    const api = twilioCallStatus.toInteraction(callStatus("completed", { From: OUR_NUMBER, To: "+61412345678", Direction: "outbound-api" }));
    expect(api).toMatchObject({ ok: true, interaction: { direction: "outbound", staff: { kind: "phone", value: OUR_NUMBER } } });
  });

  it("leaves a child leg to its parent call", () => {
    const child = callStatus("completed", { Direction: "outbound-dial", To: "client:bob", ParentCallSid: "CA55555555555555555555555555555555" });
    expect(twilioCallStatus.toInteraction(child)).toMatchObject({ ok: false, reason: expect.stringContaining("child leg") });
  });
});

describe("twilio recording status callbacks", () => {
  it("stores a recording keyed by RecordingSid and status", () => {
    const outcome = receiveWebhook(twilioRecording, twilioRequest("/api/webhooks/twilio/recording", recording()), twilioCtx);
    expect(outcome).toMatchObject({ kind: "store", event: { vendorEventId: "RE44444444444444444444444444444444:completed", eventType: "call.recording" } });
  });

  it("gives the processor the recording to attach to its call", () => {
    expect(toRecording(recording())).toEqual({
      ok: true,
      recording: {
        vendorCallId: "CA33333333333333333333333333333333",
        recordingSid: "RE44444444444444444444444444444444",
        recordingUrl: recording().RecordingUrl,
        status: "completed",
        durationSeconds: 187,
        startedAt: new Date("2026-03-01T10:00:05Z"),
      },
    });
    expect(twilioRecording.toInteraction(recording())).toMatchObject({ ok: false });
  });

  it("rejects a recording callback without a URL", () => {
    const { RecordingUrl: _drop, ...noUrl } = recording();
    expect(receiveWebhook(twilioRecording, twilioRequest("/r", noUrl), twilioCtx)).toMatchObject({ kind: "malformed", reason: expect.stringContaining("RecordingUrl") });
  });
});
