import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TwilioClient } from "@/lib/vendors/twilio/client";
import { startSmsHarness, type SmsHarness } from "@/tests/support/sms-harness";
import { moveSmsStatus } from "../sms-status";
import { sendDue } from "./send";

/** A Twilio client whose create answers only after `before` ran (the message's callbacks overtook its answer). */
function answersAfter(real: TwilioClient, before: (sid: string) => Promise<void>): TwilioClient {
  const messages = Object.assign(Object.create(real.messages) as object, {
    create: async (params: Parameters<TwilioClient["messages"]["create"]>[0]) => {
      const m = await real.messages.create(params);
      await before(m.sid);
      return m;
    },
  });
  return new Proxy(real, { get: (target, prop) => (prop === "messages" ? messages : Reflect.get(target, prop)) });
}

describe("an outbound SMS's status after it is sent", () => {
  let h: SmsHarness;
  beforeAll(async () => {
    h = await startSmsHarness({ speed: 2 }); // "sent" 250 ms after the create, "delivered" 500 ms later
  });
  afterAll(async () => {
    await h.close();
  });

  const recorded = async (body: string) => {
    const r = await h.record(body);
    if (!r.ok) throw new Error(r.reason);
    return r.sms.interactionId;
  };
  const callbacks = (sid: string) => h.sim.webhooks("message-status").filter((w) => w.params.MessageSid === sid && w.status === 200);

  it("moves forward through Twilio's status callbacks, matched to the outbox-sent message by SID", async () => {
    const id = await recorded("watch me get delivered");
    await sendDue(h.deps(), 10);
    const { sid, status } = await h.row(id);
    expect(status).toBe("queued");
    await h.sim.waitFor(() => callbacks(sid!).length === 2);
    await h.processCallbacks();
    expect(await h.row(id)).toMatchObject({ status: "delivered", error: null });
  });

  it("shows why a handset never got it (a failed callback's ErrorCode)", async () => {
    h.sim.setBehaviour("+61412345678", { sms: "undelivered" });
    const id = await recorded("to an unreachable handset");
    await sendDue(h.deps(), 10);
    const { sid } = await h.row(id);
    await h.sim.waitFor(() => callbacks(sid!).length === 2);
    await h.processCallbacks();
    expect(await h.row(id)).toMatchObject({ status: "undelivered", error: "Twilio error 30003: unreachable destination handset" });
    h.sim.clearBehaviours();
  });

  it("never moves a status back, whether the message is named by SID or by its interaction", async () => {
    const sid = "SM44444444444444444444444444444444";
    const ie = await h.t.db.interactionEvent.create({
      data: { personId: h.personId, channel: "sms", direction: "outbound", occurredAt: new Date(), summary: "x", sms: { create: { vendorMessageId: sid, body: "x", deliveryStatus: "pending" } } },
    });
    expect(await moveSmsStatus(h.t.db, { sid }, "delivered")).toBe(true);
    expect(await moveSmsStatus(h.t.db, { interactionId: ie.id }, "queued")).toBe(false);
    expect(await moveSmsStatus(h.t.db, { sid }, "sent")).toBe(false);
    expect(await moveSmsStatus(h.t.db, { sid: "SM00000000000000000000000000000000" }, "sent")).toBeNull();
    expect(await h.t.db.smsDetail.findUniqueOrThrow({ where: { interactionId: ie.id } })).toMatchObject({ deliveryStatus: "delivered" });
  });

  it("keeps callbacks that arrived before the SID was stored, and never moves back to the create answer's 'queued'", async () => {
    const id = await recorded("my callbacks overtook my answer");
    const twilio = answersAfter(h.twilio, async (sid) => {
      await h.sim.waitFor(() => callbacks(sid).length === 2);
      await h.processCallbacks(); // no message has this SID yet: they wait for it
    });
    await sendDue(h.deps({ twilio }), 10);
    expect(await h.row(id)).toMatchObject({ status: "delivered" });
    const skipped = await h.t.db.incomingEvent.findMany({ where: { vendorEventId: { startsWith: (await h.row(id)).sid! } }, select: { status: true, reason: true } });
    expect(skipped).toEqual([
      { status: "success", reason: "delivery status applied when the message was recorded" },
      { status: "success", reason: "delivery status applied when the message was recorded" },
    ]);
  });
});

describe("the sender's wake-up", () => {
  let h: SmsHarness;
  beforeAll(async () => {
    h = await startSmsHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  it("sends a recorded message well within a second (woken after commit; its poll is 30 s away)", async () => {
    const sender = await h.startSender({ idleMs: 30_000 });
    await new Promise((resolve) => setTimeout(resolve, 300)); // idle: only a wake-up can start it now
    const atTwilio: number[] = [];
    const stored: number[] = [];
    for (let i = 0; i < 20; i++) {
      const t0 = performance.now();
      const r = await h.record(`wake-up ${i}`);
      if (!r.ok) throw new Error(r.reason);
      await h.sim.waitFor(() => h.sentAtTwilio().some((m) => m.body === `wake-up ${i}`), 5_000);
      atTwilio.push(performance.now() - t0);
      await expect.poll(async () => (await h.row(r.sms.interactionId)).sid, { interval: 2, timeout: 5_000 }).not.toBeNull();
      stored.push(performance.now() - t0);
    }
    await sender.stop();
    const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;
    const figures = { atTwilioP50: pct(atTwilio, 0.5), atTwilioMax: Math.max(...atTwilio), sidStoredP50: pct(stored, 0.5), sidStoredMax: Math.max(...stored) };
    console.log(`record → Twilio latency (ms): ${JSON.stringify(Object.fromEntries(Object.entries(figures).map(([k, v]) => [k, Math.round(v)])))}`);
    expect(figures.atTwilioMax).toBeLessThan(500);
  });
});
