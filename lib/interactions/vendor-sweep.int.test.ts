// Issue 13's sweep: every event type each vendor documents for the webhooks we subscribe to is
// answered 2xx and ends in a terminal status, with a reason wherever it is not a plain success.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/tests/support/test-db";
import { postAircall, postFront, postTwilio } from "@/tests/support/vendor-posts";
import { twilioCallStatus, twilioRecording, twilioSmsInbound, twilioSmsStatusCallback } from "./connectors";
import type { Connector } from "./connectors/types";
import { envelope, event, message, outboundMessage } from "./connectors/front.fixtures";
import { ACCOUNT, callStatus, inboundSms, OUR_NUMBER, recording, smsStatus } from "./connectors/twilio.fixtures";
import { AIRCALL_DOCUMENTED_EVENTS, FRONT_DOCUMENTED_EVENTS } from "./fixtures/documented";
import { processPendingBatch } from "./process-events";
import { loadSkipRules } from "./skip-rules";

// A status callback for a message we never sent waits no longer than this in the sweep.
const opts = { rules: loadSkipRules(undefined), defaultRegion: "AU" as const, statusWaitMs: 0 };
const TERMINAL = ["success", "unmatchable_person", "unmatchable_staff", "unmatchable_both", "skipped", "ignored"];
const hex = (i: number) => i.toString(16).padStart(32, "0");

async function drain(t: TestDatabase) {
  while ((await processPendingBatch(t.db, 500, opts)).processed > 0);
  return t.db.incomingEvent.findMany({ select: { eventType: true, status: true, reason: true } });
}

function expectTerminal(rows: { eventType: string; status: string; reason: string | null }[], count: number) {
  expect(rows).toHaveLength(count);
  for (const r of rows) {
    expect(TERMINAL, `${r.eventType} ended ${r.status}`).toContain(r.status);
    if (r.status !== "success") expect(r.reason, `${r.eventType} (${r.status}) has no reason`).toBeTruthy();
  }
}

describe("sweep: every documented event type", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => {
    await t.drop();
  });

  it("Aircall: call, user, number, contact and integration events", async () => {
    await t.db.$executeRawUnsafe("TRUNCATE incoming_events CASCADE");
    let ts = 1772355600;
    for (const e of AIRCALL_DOCUMENTED_EVENTS) {
      const res = await postAircall(t.db, { resource: e.resource, event: e.event, timestamp: ts++, data: e.data });
      expect(res.status, `${e.event}: ${await res.clone().text()}`).toBeLessThan(300);
    }
    expectTerminal(await drain(t), AIRCALL_DOCUMENTED_EVENTS.length);
  });

  it("Front: every application event type", async () => {
    await t.db.$executeRawUnsafe("TRUNCATE incoming_events CASCADE");
    let n = 0;
    for (const [type, apiType, target] of FRONT_DOCUMENTED_EVENTS) {
      n++;
      const body =
        target === "inbound message" ? { _meta: { type: "message" }, data: message({ id: `msg_sweep${n}` }) }
        : target === "outbound message" ? { _meta: { type: "message" }, data: outboundMessage({ id: `msg_sweep${n}` }) }
        : target && { _meta: { type: target.type }, data: target.data };
      const res = await postFront(t.db, envelope(type, event(apiType, body, { id: `evt_sweep${n}` })));
      expect(res.status, `${type}/${apiType}: ${await res.clone().text()}`).toBeLessThan(300);
    }
    expectTerminal(await drain(t), FRONT_DOCUMENTED_EVENTS.length);
  });

  it("Twilio: SMS, MMS, WhatsApp, message statuses, voice statuses and recordings", async () => {
    await t.db.$executeRawUnsafe("TRUNCATE incoming_events CASCADE");
    const posts: [Connector<unknown>, string, Record<string, string>][] = [];
    const sms = (path: string, c: Connector<unknown>) => (p: Record<string, string>) => posts.push([c, path, p]);
    const inbound = sms("/api/webhooks/twilio/sms", twilioSmsInbound as Connector<unknown>);
    const status = sms("/api/webhooks/twilio/sms-status", twilioSmsStatusCallback as Connector<unknown>);
    const voice = sms("/api/webhooks/twilio/call-status", twilioCallStatus as Connector<unknown>);
    const rec = sms("/api/webhooks/twilio/recording", twilioRecording as Connector<unknown>);
    inbound({ ...inboundSms, MessageSid: `SM${hex(1)}`, SmsSid: `SM${hex(1)}`, SmsMessageSid: `SM${hex(1)}` });
    inbound({ ...inboundSms, MessageSid: `MM${hex(2)}`, SmsSid: `MM${hex(2)}`, SmsMessageSid: `MM${hex(2)}`, Body: "", NumMedia: "2",
      MediaContentType0: "image/png", MediaUrl0: `https://api.twilio.com/2010-04-01/Accounts/${ACCOUNT}/Messages/MM${hex(2)}/Media/ME${hex(1)}`,
      MediaContentType1: "video/mp4", MediaUrl1: `https://api.twilio.com/2010-04-01/Accounts/${ACCOUNT}/Messages/MM${hex(2)}/Media/ME${hex(2)}` });
    inbound({ ...inboundSms, MessageSid: `SM${hex(3)}`, SmsSid: `SM${hex(3)}`, SmsMessageSid: `SM${hex(3)}`, From: "whatsapp:+61412345678", To: `whatsapp:${OUR_NUMBER}`, ProfileName: "Sabrina", WaId: "61412345678" });
    for (const s of ["accepted", "scheduled", "queued", "sending", "sent", "delivered", "undelivered", "failed", "read", "canceled", "partially_delivered"]) {
      status(smsStatus(s, s === "undelivered" || s === "failed" ? { ErrorCode: "30003" } : {}));
      status(smsStatus(s, { MessageSid: `SM${hex(9)}`, SmsSid: `SM${hex(9)}`, From: `whatsapp:${OUR_NUMBER}`, To: "whatsapp:+61412345678" }));
    }
    for (const s of ["queued", "initiated", "ringing", "in-progress", "completed", "busy", "failed", "no-answer", "canceled"]) {
      voice(callStatus(s, { CallSid: `CA${hex(100 + posts.length)}`, ...(s === "completed" ? { CallDuration: "42" } : {}) }));
    }
    for (const s of ["in-progress", "completed", "absent", "failed"]) rec({ ...recording(s), RecordingSid: `RE${hex(200 + posts.length)}` });
    for (const [c, path, params] of posts) {
      const res = await postTwilio(t.db, c, path, params);
      expect(res.status, `${path} ${JSON.stringify(params).slice(0, 80)}: ${await res.clone().text()}`).toBeLessThan(300);
    }
    expectTerminal(await drain(t), posts.length);
  });
});
