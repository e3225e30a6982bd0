import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { staffClientAddress } from "@/lib/calls/client-identity";
import { createTestDatabase, type TestDatabase } from "@/tests/support/test-db";
import { receiveWebhook, twilioCallStatus, twilioRecording, twilioSmsInbound, twilioSmsStatusCallback } from "./connectors";
import type { Connector } from "./connectors/types";
import { callStatus, inboundSms, OUR_NUMBER, recording, smsStatus, twilioCtx, twilioRequest } from "./connectors/twilio.fixtures";
import { processPendingBatch } from "./process-events";
import { loadSkipRules } from "./skip-rules";
import { storeIncomingEvent } from "./store-incoming-event";

const rules = loadSkipRules(JSON.stringify({ testNumbers: ["+61400000000"] }));
const opts = { rules, defaultRegion: "AU" as const };

async function deliver(t: TestDatabase, connector: Connector<unknown>, path: string, params: Record<string, string>) {
  const outcome = receiveWebhook(connector, twilioRequest(path, params), twilioCtx);
  if (outcome.kind !== "store") throw new Error(`not stored: ${JSON.stringify(outcome)}`);
  return storeIncomingEvent(t.db, outcome.event);
}
const sms = (t: TestDatabase, params: Record<string, string>) => deliver(t, twilioSmsInbound as Connector<unknown>, "/api/webhooks/twilio/sms", params);
const status = (t: TestDatabase, id: string) => t.db.incomingEvent.findUniqueOrThrow({ where: { id } });

describe("processing incoming events", () => {
  let t: TestDatabase;
  let alice: string;
  let bob: string;
  let staffId: string;

  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => {
    await t.drop();
  });
  beforeEach(async () => {
    await t.db.$executeRawUnsafe("TRUNCATE incoming_events, interaction_events, contact_points, contact_resolutions, persons, staff, realtime_events CASCADE");
    alice = (await t.db.person.create({ data: { firstName: "Alice" } })).id;
    bob = (await t.db.person.create({ data: { firstName: "Bob" } })).id;
    staffId = (await t.db.staff.create({ data: { displayName: "Front desk" } })).id;
    const at = (s: string) => new Date(s);
    await t.db.contactPoint.createMany({
      data: [
        // 0412 345 678 was Alice's until 1 Feb 2026, then Bob's.
        { kind: "phone", value: "+61412345678", personId: alice, validFrom: at("2025-01-01"), validTo: at("2026-02-01"), firstSeenAt: at("2025-01-01"), lastSeenAt: at("2026-02-01"), origin: "test" },
        { kind: "phone", value: "+61412345678", personId: bob, validFrom: at("2026-02-01"), firstSeenAt: at("2026-02-01"), lastSeenAt: at("2026-03-01"), origin: "test" },
        { kind: "phone", value: OUR_NUMBER, staffId, validFrom: at("2024-01-01"), firstSeenAt: at("2024-01-01"), lastSeenAt: at("2026-03-01"), origin: "test" },
      ],
    });
  });

  it("turns an inbound SMS into an interaction on the person who owned the number that day", async () => {
    const s = await sms(t, inboundSms);
    expect(s.stored).toBe(true);
    const r = await processPendingBatch(t.db, 100, opts);
    expect(r.statuses).toEqual({ success: 1 });
    const ie = await t.db.interactionEvent.findFirstOrThrow({ include: { sms: true } });
    // received_at is now (Nov 2026): the number is Bob's by then.
    expect(ie).toMatchObject({ personId: bob, staffId, channel: "sms", direction: "inbound" });
    expect(ie.sms?.body).toBe("Hi, is my order ready?");
    // open person pages hear of it (and of the person's last contact, kept by a trigger)
    const news = await t.db.realtimeEvent.findMany({ where: { type: "person.timeline" } });
    expect(news.map((e) => [e.audience, (e.payload as { personId: string }).personId])).toEqual([["role:staff", bob]]);
    expect((await t.db.person.findUniqueOrThrow({ where: { id: bob } })).lastContactAt).toEqual(ie.occurredAt);
  });

  it("stores a retried delivery once and never duplicates its interaction", async () => {
    expect((await sms(t, inboundSms)).stored).toBe(true);
    expect(await sms(t, inboundSms)).toEqual({ stored: false, duplicate: true });
    await processPendingBatch(t.db, 100, opts);
    await processPendingBatch(t.db, 100, opts);
    expect(await t.db.incomingEvent.count()).toBe(1);
    expect(await t.db.interactionEvent.count()).toBe(1);
  });

  it("resolves a call by its own date when the number changed owners", async () => {
    // Completed call on 1 Mar 2026 → Bob; the same number in January → Alice.
    await deliver(t, twilioCallStatus as Connector<unknown>, "/api/webhooks/twilio/call-status", callStatus("completed", { CallDuration: "65", Timestamp: "Sun, 01 Mar 2026 10:03:12 +0000" }));
    await deliver(t, twilioCallStatus as Connector<unknown>, "/api/webhooks/twilio/call-status", callStatus("completed", { CallSid: "CA99999999999999999999999999999999", CallDuration: "30", Timestamp: "Thu, 15 Jan 2026 09:00:00 +0000" }));
    await processPendingBatch(t.db, 100, opts);
    const calls = await t.db.interactionEvent.findMany({ include: { call: true }, orderBy: { occurredAt: "asc" } });
    expect(calls.map((c) => c.personId)).toEqual([alice, bob]);
    expect(calls[1]?.call?.durationSeconds).toBe(65);
  });

  it("a leg that rang a softphone is the staff member whose identity it rang; an identity nobody has is unmatchable", async () => {
    const rang = await deliver(t, twilioCallStatus as Connector<unknown>, "/api/webhooks/twilio/call-status", callStatus("completed", { CallDuration: "40", Direction: "outbound-dial", To: staffClientAddress(staffId), Called: staffClientAddress(staffId) }));
    const nobody = await deliver(t, twilioCallStatus as Connector<unknown>, "/api/webhooks/twilio/call-status", callStatus("completed", { CallSid: "CA88888888888888888888888888888888", CallDuration: "5", Direction: "outbound-dial", To: "client:staff_00000000000000000000000000000000" }));
    await processPendingBatch(t.db, 100, opts);
    if (!rang.stored || !nobody.stored) throw new Error("not stored");
    expect(await status(t, rang.id)).toMatchObject({ status: "success" });
    expect(await t.db.interactionEvent.findFirstOrThrow({ where: { incomingEventId: rang.id } })).toMatchObject({ staffId, personId: bob, direction: "inbound" });
    expect(await status(t, nobody.id)).toMatchObject({ status: "unmatchable_staff", reason: "staff unknown softphone identity" });
  });

  it("queues an unknown number as unmatchable_person, and both unknown as unmatchable_both", async () => {
    const a = await sms(t, { ...inboundSms, MessageSid: "SMaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", From: "+61499000111" });
    const b = await sms(t, { ...inboundSms, MessageSid: "SMbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", From: "+61499000111", To: "+61299999999" });
    const c = await sms(t, { ...inboundSms, MessageSid: "SMcccccccccccccccccccccccccccccccc", To: "+61299999999" });
    await processPendingBatch(t.db, 100, opts);
    if (!a.stored || !b.stored || !c.stored) throw new Error("not stored");
    expect(await status(t, a.id)).toMatchObject({ status: "unmatchable_person", reason: "person unknown", contactValue: "+61499000111" });
    expect(await status(t, b.id)).toMatchObject({ status: "unmatchable_both" });
    expect(await status(t, c.id)).toMatchObject({ status: "unmatchable_staff", reason: "staff unknown" });
    // A known person with an unknown staff line still lands on the person's timeline.
    expect(await t.db.interactionEvent.count({ where: { incomingEventId: c.id, personId: bob, staffId: null } })).toBe(1);
    expect(await t.db.interactionEvent.count()).toBe(1);
  });

  it("skips internal test numbers and ignores contacts ops chose to ignore", async () => {
    const test = await sms(t, { ...inboundSms, MessageSid: "SMdddddddddddddddddddddddddddddddd", From: "+61400000000" });
    await t.db.contactResolution.create({ data: { kind: "phone", value: "+61499000222", action: "ignore", effectiveFrom: new Date("2020-01-01"), createdBy: "ops" } });
    const ign = await sms(t, { ...inboundSms, MessageSid: "SMeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee", From: "+61499000222" });
    await processPendingBatch(t.db, 100, opts);
    if (!test.stored || !ign.stored) throw new Error("not stored");
    expect(await status(t, test.id)).toMatchObject({ status: "skipped", reason: "internal test number" });
    expect(await status(t, ign.id)).toMatchObject({ status: "ignored" });
  });

  it("applies SMS delivery statuses forward only, whatever order they arrive in", async () => {
    const ie = await t.db.interactionEvent.create({
      data: { personId: bob, channel: "sms", direction: "outbound", occurredAt: new Date(), summary: "hi", sms: { create: { vendorMessageId: "SM22222222222222222222222222222222", body: "hi", deliveryStatus: "queued" } } },
    });
    const path = "/api/webhooks/twilio/sms-status";
    await deliver(t, twilioSmsStatusCallback as Connector<unknown>, path, smsStatus("delivered"));
    await processPendingBatch(t.db, 100, opts);
    await deliver(t, twilioSmsStatusCallback as Connector<unknown>, path, smsStatus("sent"));
    await processPendingBatch(t.db, 100, opts);
    expect((await t.db.smsDetail.findUniqueOrThrow({ where: { interactionId: ie.id } })).deliveryStatus).toBe("delivered");
    const statuses = await t.db.incomingEvent.findMany({ orderBy: { receivedAt: "asc" }, select: { status: true, reason: true } });
    expect(statuses).toEqual([
      { status: "success", reason: "delivery status applied" },
      { status: "skipped", reason: "older than the status we have" },
    ]);
  });

  it("keeps why a message was not delivered (the callback's ErrorCode), and no later callback moves it back", async () => {
    const sid = "SM33333333333333333333333333333333";
    const ie = await t.db.interactionEvent.create({
      data: { personId: bob, channel: "sms", direction: "outbound", occurredAt: new Date(), summary: "hi", sms: { create: { vendorMessageId: sid, body: "hi", deliveryStatus: "queued" } } },
    });
    const path = "/api/webhooks/twilio/sms-status";
    await deliver(t, twilioSmsStatusCallback as Connector<unknown>, path, smsStatus("undelivered", { MessageSid: sid, SmsSid: sid, ErrorCode: "30005" }));
    await deliver(t, twilioSmsStatusCallback as Connector<unknown>, path, smsStatus("sent", { MessageSid: sid, SmsSid: sid }));
    await processPendingBatch(t.db, 100, opts);
    expect(await t.db.smsDetail.findUniqueOrThrow({ where: { interactionId: ie.id } })).toMatchObject({
      deliveryStatus: "undelivered",
      deliveryError: "Twilio error 30005: unknown destination handset",
    });
  });

  it("attaches a recording that arrived before its call", async () => {
    await deliver(t, twilioRecording as Connector<unknown>, "/api/webhooks/twilio/recording", recording("completed"));
    await processPendingBatch(t.db, 100, opts);
    await deliver(t, twilioCallStatus as Connector<unknown>, "/api/webhooks/twilio/call-status", callStatus("completed", { CallDuration: "187" }));
    await processPendingBatch(t.db, 100, opts);
    const call = await t.db.callDetail.findFirstOrThrow();
    expect(call.recordingUrl).toMatch(/Recordings\/RE4444/);
  });

  it("lets two workers drain one queue with nothing processed twice", async () => {
    for (let i = 0; i < 60; i++) await sms(t, { ...inboundSms, MessageSid: `SM${String(i).padStart(32, "0")}` });
    const [x, y] = await Promise.all([processPendingBatch(t.db, 40, opts), processPendingBatch(t.db, 40, opts)]);
    await processPendingBatch(t.db, 40, opts);
    expect(x.processed + y.processed).toBeLessThanOrEqual(60);
    expect(await t.db.incomingEvent.count({ where: { status: "pending" } })).toBe(0);
    expect(await t.db.interactionEvent.count()).toBe(60);
  });
});
