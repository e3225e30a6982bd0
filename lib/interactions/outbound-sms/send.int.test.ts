import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/lib/db/client";
import type { TwilioClient } from "@/lib/vendors/twilio/client";
import { startSmsHarness, type SmsHarness } from "@/tests/support/sms-harness";
import { sendDue } from "./send";

/** A Twilio client whose messages.create reaches Twilio and then never answers: the process froze (or died) there. */
function freezesAfterCreate(real: TwilioClient, accepted: () => void): TwilioClient {
  const messages = Object.assign(Object.create(real.messages) as object, {
    create: async (params: Parameters<TwilioClient["messages"]["create"]>[0]) => {
      await real.messages.create(params);
      accepted();
      return new Promise(() => {});
    },
  });
  return new Proxy(real, { get: (target, prop) => (prop === "messages" ? messages : Reflect.get(target, prop)) });
}

/** A database whose transactions all fail (the connection went away right after Twilio answered). */
function transactionsFail(db: Db): Db {
  return new Proxy(db, {
    get: (target, prop) => (prop === "$transaction" ? () => Promise.reject(new Error("connection terminated")) : Reflect.get(target, prop)),
  });
}

const recorded = async (h: SmsHarness, body: string, personId?: string) => {
  const r = await h.record(body, { personId });
  if (!r.ok) throw new Error(r.reason);
  return r.sms.interactionId;
};

describe("sending recorded SMS", () => {
  let h: SmsHarness;
  beforeAll(async () => {
    h = await startSmsHarness();
  });
  afterEach(async () => {
    await h.t.db.smsOutbox.updateMany({ where: { state: "pending" }, data: { state: "failed" } }); // nothing leaks into the next test
  });
  afterAll(async () => {
    await h.close();
  });
  const sent = (body: string) => h.sentAtTwilio().filter((m) => m.body === body);

  it("sends a message recorded while no sender ran (a crash before the send) exactly once when a sender starts", async () => {
    const id = await recorded(h, "recorded, then the worker was down");
    expect(sent("recorded, then the worker was down")).toHaveLength(0);
    const sender = await h.startSender();
    await expect.poll(async () => (await h.row(id)).state, { timeout: 5_000 }).toBe("sent");
    await sender.stop();
    const [m] = sent("recorded, then the worker was down");
    expect(sent("recorded, then the worker was down")).toHaveLength(1);
    expect(await h.row(id)).toMatchObject({ sid: m?.sid, attempts: 1 });
  });

  it("adopts the message Twilio accepted when the sender died before storing its SID, and sends no second one", async () => {
    const body = "the sender froze after Twilio accepted this";
    const id = await recorded(h, body);
    let accepted!: () => void;
    const atTwilio = new Promise<void>((resolve) => (accepted = resolve));
    void sendDue(h.deps({ twilio: freezesAfterCreate(h.twilio, accepted), options: { leaseMs: 300 } }), 10);
    await atTwilio;
    expect(sent(body)).toHaveLength(1);
    expect(await h.row(id)).toMatchObject({ state: "pending", sid: null, attempts: 1 });

    const sender = await h.startSender(); // its lease lapses: this one recovers the message
    await expect.poll(async () => (await h.row(id)).state, { timeout: 5_000 }).toBe("sent");
    await sender.stop();
    expect(sent(body)).toHaveLength(1);
    expect(await h.row(id)).toMatchObject({ sid: sent(body)[0]?.sid, attempts: 2 });
  });

  it("loses no record to a database error after the send: the record was there before it, and recovery adopts the message", async () => {
    const body = "the database went away after the send";
    const id = await recorded(h, body);
    expect(await h.row(id)).toMatchObject({ status: "pending", state: "pending" }); // recorded before any send, by construction
    await sendDue(h.deps({ db: transactionsFail(h.t.db), options: { leaseMs: 300 } }), 10);
    expect(sent(body)).toHaveLength(1);
    expect(await h.row(id)).toMatchObject({ status: "pending", state: "pending", sid: null, attempts: 1 });
    expect(await h.t.db.interactionEvent.findUnique({ where: { id } })).toMatchObject({ personId: h.personId, summary: body });

    const sender = await h.startSender();
    await expect.poll(async () => (await h.row(id)).state, { timeout: 5_000 }).toBe("sent");
    await sender.stop();
    expect(sent(body)).toHaveLength(1);
    expect((await h.row(id)).sid).toBe(sent(body)[0]?.sid);
  });

  it("adopts rather than resends when Twilio's answer was lost (5xx after accepting, or the connection dropped)", async () => {
    for (const answer of [502, "reset"] as const) {
      const body = `answer lost: ${answer}`;
      const id = await recorded(h, body);
      h.sim.failRequests({ method: "POST", path: "/Messages.json", answer, when: "after" });
      const sender = await h.startSender();
      await expect.poll(async () => (await h.row(id)).state, { timeout: 5_000 }).toBe("sent");
      await sender.stop();
      expect(sent(body)).toHaveLength(1);
      expect(await h.row(id)).toMatchObject({ sid: sent(body)[0]?.sid, attempts: 2 });
    }
  });

  it("fails a message Twilio refuses (4xx) with Twilio's reason, and does not retry it", async () => {
    const id = await recorded(h, "to a number that is not one", await h.person("+6100"));
    await sendDue(h.deps(), 10);
    const row = await h.row(id);
    expect(row).toMatchObject({ status: "failed", state: "failed", sid: null, attempts: 1 });
    expect(row.error).toMatch(/21211.*not a valid phone number/);
    await sendDue(h.deps(), 10);
    expect((await h.row(id)).attempts).toBe(1);
  });

  it("retries an outage (5xx, network) with backoff and sends once it ends", async () => {
    const body = "sent after two outages";
    const id = await recorded(h, body);
    h.sim.failRequests({ method: "POST", path: "/Messages.json", answer: 503 });
    h.sim.failRequests({ method: "POST", path: "/Messages.json", answer: "reset" });
    const sender = await h.startSender({ options: { backoffMs: (n) => 50 * n } });
    await expect.poll(async () => (await h.row(id)).state, { timeout: 5_000 }).toBe("sent");
    await sender.stop();
    expect(sent(body)).toHaveLength(1);
    expect((await h.row(id)).attempts).toBe(3);
  });

  it("fails visibly once the outage outlasts its tries", async () => {
    const body = "Twilio stays down";
    const id = await recorded(h, body);
    h.sim.failRequests({ method: "POST", path: "/Messages.json", answer: 503, times: 10 });
    const sender = await h.startSender({ options: { maxAttempts: 3 } });
    await expect.poll(async () => (await h.row(id)).state, { timeout: 5_000 }).toBe("failed");
    await sender.stop();
    h.sim.reset();
    const row = await h.row(id);
    expect(row).toMatchObject({ status: "failed", attempts: 3 });
    expect(row.error).toMatch(/^not sent: Twilio unreachable after 3 tries/);
    expect(sent(body)).toHaveLength(0);
  });

  it("lets two senders share the queue: every message sent exactly once", async () => {
    const bodies = Array.from({ length: 30 }, (_, i) => `shared queue ${i}`);
    const ids = await Promise.all(bodies.map((b) => recorded(h, b)));
    const senders = await Promise.all([h.startSender(), h.startSender()]);
    await expect.poll(async () => h.t.db.smsOutbox.count({ where: { interactionId: { in: ids }, state: "sent" } }), { timeout: 10_000 }).toBe(30);
    await Promise.all(senders.map((s) => s.stop()));
    expect(bodies.map((b) => sent(b).length)).toEqual(bodies.map(() => 1));
  });
});
