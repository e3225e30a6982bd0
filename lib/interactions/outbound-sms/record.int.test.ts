import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSmsHarness, type SmsHarness } from "@/tests/support/sms-harness";
import { recordOutboundSms } from "./record";
import { sendDue } from "./send";

describe("recording an outbound SMS", () => {
  let h: SmsHarness;
  beforeAll(async () => {
    h = await startSmsHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  it("records it on the person's timeline as pending, before anything is sent", async () => {
    const r = await h.record("Your order is ready");
    expect(r).toMatchObject({ ok: true, replayed: false, sms: { status: "pending", messageSid: null } });
    if (!r.ok) return;
    const ie = await h.t.db.interactionEvent.findUniqueOrThrow({ where: { id: r.sms.interactionId }, include: { sms: true } });
    expect(ie).toMatchObject({ personId: h.personId, channel: "sms", direction: "outbound", sms: { body: "Your order is ready", deliveryStatus: "pending", vendorMessageId: null } });
    expect(await h.t.db.smsOutbox.findUniqueOrThrow({ where: { interactionId: ie.id } })).toMatchObject({ state: "pending", attempts: 0, toAddress: "+61412345678", fromAddress: "+61280001000" });
    expect(h.sentAtTwilio()).toEqual([]);
  });

  it("records a double submit (two concurrent requests, one key) once, and sends it once", async () => {
    const key = randomUUID();
    const before = await h.t.db.interactionEvent.count();
    const [a, b] = await Promise.all([h.record("See you at 3", { key }), h.record("See you at 3", { key })]);
    if (!a.ok || !b.ok) throw new Error(`not recorded: ${JSON.stringify([a, b])}`);
    expect(a.sms.interactionId).toBe(b.sms.interactionId);
    expect([a.replayed, b.replayed].sort()).toEqual([false, true]);
    expect(await h.t.db.interactionEvent.count()).toBe(before + 1);
    expect(await h.t.db.smsOutbox.count({ where: { idempotencyKey: key } })).toBe(1);

    await sendDue(h.deps(), 50);
    expect(h.sentAtTwilio().filter((m) => m.body === "See you at 3")).toHaveLength(1);
    // a retry after the send answers the same record, now with Twilio's SID
    const again = await h.record("See you at 3", { key });
    expect(again).toMatchObject({ ok: true, replayed: true, sms: { interactionId: a.sms.interactionId, messageSid: h.sentAtTwilio().find((m) => m.body === "See you at 3")?.sid } });
    await sendDue(h.deps(), 50);
    expect(h.sentAtTwilio().filter((m) => m.body === "See you at 3")).toHaveLength(1);
  });

  it("refuses a key reused for another message or another person, and records nothing for it", async () => {
    const key = randomUUID();
    expect(await h.record("first text", { key })).toMatchObject({ ok: true });
    const before = await h.t.db.interactionEvent.count();
    expect(await h.record("a different text", { key })).toEqual({ ok: false, reason: "key_reused" });
    const other = await h.person("+61412000111");
    expect(await h.record("first text", { key, personId: other })).toEqual({ ok: false, reason: "key_reused" });
    expect(await h.t.db.interactionEvent.count()).toBe(before);
  });

  it("says why it cannot record (no such person, no phone, no sender line) and writes nothing", async () => {
    const before = await h.t.db.interactionEvent.count();
    expect(await h.record("hi", { personId: randomUUID() })).toEqual({ ok: false, reason: "no_such_person" });
    expect(await h.record("hi", { personId: await h.person(null) })).toEqual({ ok: false, reason: "no_phone" });
    const base = { personId: h.personId, idempotencyKey: randomUUID(), body: "hi", statusCallbackUrl: "http://127.0.0.1:9/s" };
    expect(await recordOutboundSms(h.t.db, { ...base, staffUserId: "no-such-user" })).toEqual({ ok: false, reason: "no_sender" });
    expect(await h.t.db.interactionEvent.count()).toBe(before);
    expect(await h.t.db.smsOutbox.count()).toBe(await h.t.db.interactionEvent.count());
  });
});
