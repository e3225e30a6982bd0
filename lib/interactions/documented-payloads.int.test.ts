// Issue 13: webhook bodies in the vendors' documented shapes, posted through the real handler
// and processed, land on the right person and staff member, or wait in the queue with a reason.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/tests/support/test-db";
import { postAircall, postFront, postTwilio } from "@/tests/support/vendor-posts";
import { twilioSmsInbound, twilioSmsStatusCallback } from "./connectors";
import type { Connector } from "./connectors/types";
import { envelope, event, message, messageTarget } from "./connectors/front.fixtures";
import { ACCOUNT, inboundSms, OUR_NUMBER, smsStatus } from "./connectors/twilio.fixtures";
import { linkContact } from "./contact-decisions";
import { aircallCallCreated, aircallCallData, aircallIntegrationDeleted } from "./fixtures/documented";
import { processPendingBatch } from "./process-events";
import { loadSkipRules } from "./skip-rules";
import { listUnidentifiedContacts } from "./unidentified";

const opts = { rules: loadSkipRules(undefined), defaultRegion: "AU" as const };
const events = (t: TestDatabase) => t.db.incomingEvent.findMany({ orderBy: { receivedAt: "asc" } });

describe("documented vendor payloads", () => {
  let t: TestDatabase;
  let customer: string;
  let staffId: string;

  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => {
    await t.drop();
  });
  beforeEach(async () => {
    await t.db.$executeRawUnsafe("TRUNCATE incoming_events, interaction_events, contact_points, contact_resolutions, persons, staff CASCADE");
    customer = (await t.db.person.create({ data: { firstName: "Sabrina" } })).id;
    staffId = (await t.db.staff.create({ data: { displayName: "Front desk" } })).id;
    const from = new Date("2020-01-01");
    await t.db.contactPoint.createMany({
      data: [
        { kind: "phone", value: "+61412345678", personId: customer, validFrom: from, firstSeenAt: from, lastSeenAt: from, origin: "test" },
        { kind: "email", value: "sabrina@customer.example", personId: customer, validFrom: from, firstSeenAt: from, lastSeenAt: from, origin: "test" },
        { kind: "phone", value: OUR_NUMBER, staffId, validFrom: from, firstSeenAt: from, lastSeenAt: from, origin: "test" },
        { kind: "email", value: "support@acme.example", staffId, validFrom: from, firstSeenAt: from, lastSeenAt: from, origin: "test" },
      ],
    });
  });

  it("item 1: answers Aircall's documented call.created (empty user/contact/number) and integration.deleted 200, and skips them with a reason", async () => {
    expect((await postAircall(t.db, aircallCallCreated)).status).toBe(200);
    expect((await postAircall(t.db, aircallIntegrationDeleted)).status).toBe(200);
    await processPendingBatch(t.db, 100, opts);
    expect((await events(t)).map((e) => ({ type: e.eventType, status: e.status, reason: e.reason, contact: e.contactValue }))).toEqual([
      { type: "call.created", status: "skipped", reason: "call.created: only call.ended carries the final call", contact: "+33123456789" },
      { type: "integration.deleted", status: "skipped", reason: "integration resource: not a call", contact: null },
    ]);
    // Not Aircall's envelope at all: 400, nothing stored.
    expect((await postAircall(t.db, { hello: "world" })).status).toBe(400);
    expect(await t.db.incomingEvent.count()).toBe(2);
  });

  it("item 2: stores a second call.hold for one call 30 s after the first; a retry of one delivery stays one row", async () => {
    const hold = { resource: "call", event: "call.hold", timestamp: 1772355620, data: aircallCallData({ status: "answered", ended_at: null }) };
    expect((await postAircall(t.db, hold)).status).toBe(200);
    expect((await postAircall(t.db, { ...hold, timestamp: hold.timestamp + 30 })).status).toBe(200);
    expect((await postAircall(t.db, hold)).status).toBe(200); // Aircall retrying the first delivery
    expect(await t.db.incomingEvent.count({ where: { eventType: "call.hold" } })).toBe(2);
  });

  it("item 2: a call.ended sent again with a changed body is stored, and the call is still recorded once", async () => {
    const ended = { resource: "call", event: "call.ended", timestamp: 1772355760, data: aircallCallData({ user: null }) };
    expect((await postAircall(t.db, ended)).status).toBe(200);
    expect((await postAircall(t.db, { ...ended, timestamp: ended.timestamp + 60, data: aircallCallData({ user: null, tags: [{ id: 1, name: "VIP" }] }) })).status).toBe(200);
    await processPendingBatch(t.db, 100, opts);
    expect((await events(t)).map((e) => [e.status, e.reason])).toEqual([
      ["success", null],
      ["skipped", "call 9001 already recorded from an earlier call.ended"],
    ]);
    expect(await t.db.interactionEvent.count()).toBe(1);
  });

  it("item 4: an inbound Front message in a conversation assigned to an unmapped teammate lands on the person at once", async () => {
    const assignee = { id: "tea_unmapped", email: "someone@acme.example", first_name: "Some", last_name: "One" };
    const body = envelope("inbound_received", event("inbound", messageTarget(), { conversation: { id: "cnv_1", subject: "Hi", assignee } }));
    expect((await postFront(t.db, body)).status).toBe(200);
    await processPendingBatch(t.db, 100, opts);
    const [e] = await events(t);
    expect(e).toMatchObject({ status: "success", reason: null });
    expect(await t.db.interactionEvent.findFirstOrThrow()).toMatchObject({ personId: customer, staffId: null, channel: "email" });
  });

  it("item 5: a Front custom-channel message from a free-form handle waits in the queue under its handle, with its channel, and can be linked", async () => {
    const m = message({ id: "msg_custom1", type: "custom", subject: null, text: "Do you ship to Perth?", body: "Do you ship to Perth?", recipients: [
      { handle: "visitor-80767ce3", role: "from", name: null }, { handle: "chat-channel", role: "to", name: null },
    ] });
    expect((await postFront(t.db, envelope("inbound_received", event("inbound", { _meta: { type: "message" }, data: m }, { id: "evt_custom1" })))).status).toBe(200);
    await processPendingBatch(t.db, 100, opts);
    expect((await events(t))[0]).toMatchObject({ status: "unmatchable_person", contactKind: "handle", contactValue: "visitor-80767ce3" });
    const queue = await listUnidentifiedContacts(t.db);
    expect(queue.contacts).toEqual([expect.objectContaining({ kind: "handle", value: "visitor-80767ce3", count: 1, channels: ["in_app"] })]);
    const linked = await linkContact(t.db, { contact: { kind: "handle", value: "visitor-80767ce3" }, personId: customer, actor: "ops" }, opts);
    expect(linked).toMatchObject({ reprocessed: 1 });
    expect(await t.db.interactionEvent.findFirstOrThrow()).toMatchObject({ personId: customer, channel: "in_app" });
  });

  it("item 7: a status callback for a message not recorded yet waits (not skipped), then is skipped with a reason once the wait is over", async () => {
    const sid = "SM77777777777777777777777777777777";
    expect((await postTwilio(t.db, twilioSmsStatusCallback as Connector<unknown>, "/api/webhooks/twilio/sms-status", smsStatus("delivered", { MessageSid: sid, SmsSid: sid }))).status).toBe(200);
    await processPendingBatch(t.db, 100, opts);
    const [waiting] = await events(t);
    expect(waiting).toMatchObject({ status: "pending", reason: "waiting for its message to be recorded" });
    expect(waiting!.retryAt!.getTime()).toBeGreaterThan(Date.now());
    // Not claimed again before its retry time.
    expect((await processPendingBatch(t.db, 100, opts)).processed).toBe(0);
    await t.db.incomingEvent.update({ where: { id: waiting!.id }, data: { retryAt: new Date() } });
    await processPendingBatch(t.db, 100, { ...opts, statusWaitMs: 0 });
    expect((await events(t))[0]).toMatchObject({ status: "skipped", reason: "no such message after waiting 0 s" });
  });

  it("item 8: WhatsApp through Twilio and through Front is channel whatsapp; a media-only message says what it carried", async () => {
    const wa = { ...inboundSms, MessageSid: "SM88888888888888888888888888888888", SmsSid: "SM88888888888888888888888888888888", SmsMessageSid: "SM88888888888888888888888888888888",
      From: "whatsapp:+61412345678", To: `whatsapp:${OUR_NUMBER}`, Body: "", NumMedia: "1", MediaContentType0: "image/jpeg",
      MediaUrl0: `https://api.twilio.com/2010-04-01/Accounts/${ACCOUNT}/Messages/SM88888888888888888888888888888888/Media/ME11111111111111111111111111111111`, ProfileName: "Sabrina", WaId: "61412345678" };
    expect((await postTwilio(t.db, twilioSmsInbound as Connector<unknown>, "/api/webhooks/twilio/sms", wa)).status).toBe(200);
    const fm = message({ id: "msg_wa1", type: "whatsapp", subject: null, text: "Thanks!", body: "Thanks!", recipients: [
      { handle: "+61412345678", role: "from", name: "Sabrina" }, { handle: OUR_NUMBER, role: "to", name: null },
    ] });
    expect((await postFront(t.db, envelope("inbound_received", event("inbound", { _meta: { type: "message" }, data: fm }, { id: "evt_wa1" })))).status).toBe(200);
    await processPendingBatch(t.db, 100, opts);
    const made = await t.db.interactionEvent.findMany({ orderBy: { summary: "asc" }, include: { sms: true } });
    expect(made.map((i) => ({ channel: i.channel, summary: i.summary, personId: i.personId, staffId: i.staffId }))).toEqual([
      { channel: "whatsapp", summary: "Sent photo", personId: customer, staffId },
      { channel: "whatsapp", summary: "Thanks!", personId: customer, staffId },
    ]);
  });
});
