import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/tests/support/test-db";
import { createTwilioClient } from "@/lib/vendors/twilio/client";
import { createTwilioSimulator, type TwilioSimulator } from "@/lib/vendors/twilio/simulator";
import { createUser } from "@/lib/users/manage-users";
import { sendSms } from "./send-sms";

describe("sendSms", () => {
  let t: TestDatabase;
  let sim: TwilioSimulator;
  let personId: string;
  let userId: string;

  beforeAll(async () => {
    t = await createTestDatabase();
    sim = await createTwilioSimulator({ speed: 50 });
    const u = await createUser(t.db, { name: "Sam", email: "sam@example.com", password: "password123", role: "staff" });
    if (!u.ok) throw new Error("user");
    userId = u.id;
    const staff = await t.db.staff.findUniqueOrThrow({ where: { userId } });
    const at = new Date("2025-01-01");
    await t.db.contactPoint.create({ data: { kind: "phone", value: "+61280001000", staffId: staff.id, validFrom: at, firstSeenAt: at, lastSeenAt: at, origin: "test" } });
    personId = (await t.db.person.create({ data: { firstName: "Pat", phone: "+61412345678" } })).id;
  });
  afterAll(async () => {
    await sim.stop();
    await t.drop();
  });

  const client = () => createTwilioClient({ kind: "simulator", accountSid: sim.accountSid, authToken: sim.authToken, simUrl: sim.url });

  it("sends through the Twilio client and puts the message on the person's timeline", async () => {
    const r = await sendSms(t.db, client(), { personId, staffUserId: userId, body: "Your order is ready", statusCallbackUrl: "http://127.0.0.1:9/status" });
    expect(r).toMatchObject({ ok: true, status: "queued" });
    if (!r.ok) return;
    expect(r.messageSid).toMatch(/^SM[0-9a-f]{32}$/);
    const msg = await client().messages(r.messageSid).fetch();
    expect(msg).toMatchObject({ to: "+61412345678", from: "+61280001000", body: "Your order is ready" });
    const ie = await t.db.interactionEvent.findUniqueOrThrow({ where: { id: r.interactionId }, include: { sms: true } });
    expect(ie).toMatchObject({ personId, channel: "sms", direction: "outbound" });
    expect(ie.sms).toMatchObject({ vendorMessageId: r.messageSid, body: "Your order is ready" });
  });

  it("says why it cannot send, and writes nothing", async () => {
    const before = await t.db.interactionEvent.count();
    const noPhone = (await t.db.person.create({ data: { firstName: "Nobody" } })).id;
    expect(await sendSms(t.db, client(), { personId: noPhone, staffUserId: userId, body: "hi", statusCallbackUrl: "http://127.0.0.1:9/s" })).toEqual({ ok: false, reason: "no_phone" });
    const badClient = createTwilioClient({ kind: "simulator", accountSid: sim.accountSid, authToken: "wrong-token", simUrl: sim.url });
    expect(await sendSms(t.db, badClient, { personId, staffUserId: userId, body: "hi", statusCallbackUrl: "http://127.0.0.1:9/s" })).toMatchObject({ ok: false, reason: "vendor_error" });
    expect(await t.db.interactionEvent.count()).toBe(before);
  });
});
