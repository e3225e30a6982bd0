// The Front and Aircall simulators against the real connectors, over loopback HTTP.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { AircallSimulator } from "@/lib/vendors/aircall/simulator";
import { FrontSimulator } from "@/lib/vendors/front/simulator";
import { serveFrontSimulator } from "@/lib/vendors/front/simulator-server";
import { aircallWebhook } from "./aircall";
import { frontWebhook } from "./front";
import { startTestReceiver, type TestReceiver } from "./test-receiver";

const staff = { id: "tea_ann", email: "ann@acme.example" };
let receiver: TestReceiver | undefined;
afterEach(() => receiver?.close());

describe("Front simulator → front connector", () => {
  const SECRET = "front-app-secret";

  it("validates the webhook URL with a signed challenge, then delivers verified events", async () => {
    receiver = await startTestReceiver(frontWebhook, () => ({ secret: SECRET, now: new Date() }));
    const sim = new FrontSimulator({ secret: SECRET });
    expect(await sim.setWebhook(receiver.url)).toBe(true);
    const { event, delivery } = await sim.emit({ from: "+61400000001", to: staff, body: "Is it ready?", at: new Date() });
    expect(delivery).toEqual({ delivered: true, attempts: 1, lastStatus: 200, ms: expect.any(Number) });
    expect(receiver.events).toEqual([expect.objectContaining({ vendor: "front", vendorEventId: event.id, channel: "sms", contact: { kind: "phone", value: "+61400000001" } })]);
  });

  it("is refused by a receiver with another secret, and never enabled", async () => {
    receiver = await startTestReceiver(frontWebhook, () => ({ secret: "other", now: new Date() }));
    const sim = new FrontSimulator({ secret: SECRET });
    expect(await sim.setWebhook(receiver.url)).toBe(false);
    expect(sim.webhook).toMatchObject({ enabled: false, disabledReason: "validation failed" });
  });

  it("tries a delivery once (no retry), and delivering again stores nothing twice", async () => {
    receiver = await startTestReceiver(frontWebhook, () => ({ secret: SECRET, now: new Date() }));
    const sim = new FrontSimulator({ secret: SECRET });
    await sim.setWebhook(receiver.url);
    receiver.failNext(1);
    const { delivery } = await sim.emit({ from: "pat@customer.example", to: staff, body: "Hello", at: new Date() });
    expect(delivery).toMatchObject({ delivered: false, attempts: 1, lastStatus: 503 });
    expect(receiver.events).toHaveLength(0);
    await sim.deliver(sim.events[0]!);
    await sim.deliver(sim.events[0]!);
    expect(receiver.events).toHaveLength(1);
  });

  it("switches the webhook off, silently, after failed deliveries; the control endpoint switches it on again", async () => {
    receiver = await startTestReceiver(frontWebhook, () => ({ secret: SECRET, now: new Date() }));
    const sim = new FrontSimulator({ secret: SECRET, disableAfterFailures: 2 });
    await sim.setWebhook(receiver.url);
    receiver.failNext(2, 500);
    await sim.emit({ from: "pat@customer.example", to: staff, body: "1", at: new Date() });
    expect(sim.webhook.enabled).toBe(true);
    await sim.emit({ from: "pat@customer.example", to: staff, body: "2", at: new Date() });
    const server = await serveFrontSimulator(sim);
    try {
      const state = (await (await fetch(`${server.url}/_simulator/application-webhook`)).json()) as Record<string, unknown>;
      expect(state).toMatchObject({ enabled: false, consecutiveFailures: 2, disabledReason: expect.stringContaining("last status 500") });
      // Events keep accumulating for the cursor sync while the webhook is off.
      const third = await sim.emit({ from: "pat@customer.example", to: staff, body: "3", at: new Date() });
      expect(third.delivery.attempts).toBe(0);
      const events = (await (await fetch(`${server.url}/events`)).json()) as { _results: { id: string }[] };
      expect(events._results.map((e) => e.id)).toEqual([third.event.id, sim.events[1]!.id, sim.events[0]!.id]);
      const enabled = await fetch(`${server.url}/_simulator/application-webhook/enable`, { method: "POST" });
      expect(await enabled.json()).toMatchObject({ enabled: true, consecutiveFailures: 0, disabledAt: null });
      expect((await sim.emit({ from: "pat@customer.example", to: staff, body: "4", at: new Date() })).delivery.delivered).toBe(true);
    } finally {
      await server.close();
    }
  });

  it("counts a delivery past the timeout as failed, and a slow one against the webhook", async () => {
    const slowReceiver = createServer((_req, res) => void setTimeout(() => res.writeHead(200).end("{}"), 150));
    await new Promise<void>((r) => slowReceiver.listen(0, "127.0.0.1", () => r()));
    const url = `http://127.0.0.1:${(slowReceiver.address() as AddressInfo).port}/`;
    try {
      const timingOut = new FrontSimulator({ secret: SECRET, timeoutMs: 50, disableAfterFailures: 1 });
      timingOut.webhook = { url, enabled: true, consecutiveFailures: 0, disabledAt: null, disabledReason: null };
      expect((await timingOut.emit({ from: "pat@customer.example", to: staff, body: "1", at: new Date() })).delivery).toMatchObject({ delivered: false, lastStatus: null });
      expect(timingOut.webhook.enabled).toBe(false);
      const slow = new FrontSimulator({ secret: SECRET, slowMs: 50, disableAfterFailures: 1 });
      slow.webhook = { url, enabled: true, consecutiveFailures: 0, disabledAt: null, disabledReason: null };
      expect((await slow.emit({ from: "pat@customer.example", to: staff, body: "1", at: new Date() })).delivery).toMatchObject({ delivered: true, lastStatus: 200 });
      expect(slow.webhook).toMatchObject({ enabled: false, disabledReason: expect.stringContaining("slow") });
    } finally {
      slowReceiver.closeAllConnections();
      await new Promise((r) => slowReceiver.close(r));
    }
  });

  it("accepts messages over HTTP for dev scripts", async () => {
    receiver = await startTestReceiver(frontWebhook, () => ({ secret: SECRET, now: new Date() }));
    const sim = new FrontSimulator({ secret: SECRET });
    const server = await serveFrontSimulator(sim);
    try {
      const put = await fetch(`${server.url}/_simulator/application-webhook`, { method: "PUT", body: JSON.stringify({ url: receiver.url }) });
      expect(await put.json()).toMatchObject({ enabled: true, url: receiver.url });
      const res = await fetch(`${server.url}/_simulator/messages`, { method: "POST", body: JSON.stringify({ from: staff, to: "pat@customer.example", body: "Shipped", subject: "Your order" }) });
      expect(res.status).toBe(201);
      expect(receiver.events).toEqual([expect.objectContaining({ eventType: "outbound_sent", channel: "email", contact: { kind: "email", value: "pat@customer.example" } })]);
    } finally {
      await server.close();
    }
  });
});

describe("Aircall simulator → aircall connector", () => {
  const TOKEN = "aircall-webhook-token";

  it("posts a call's webhooks in order, each stored once and the last one an interaction", async () => {
    receiver = await startTestReceiver(aircallWebhook, () => ({ secret: TOKEN, now: new Date() }));
    const sim = new AircallSimulator({ token: TOKEN, webhookUrl: receiver.url });
    const { results } = await sim.call({ from: "0412 345 678", to: { id: 99, email: "ann@acme.example" }, at: new Date("2026-03-01T09:00:00Z"), callId: 4242 });
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(receiver.events.map((e) => e.vendorEventId.split(":").slice(0, 2).join(":"))).toEqual(["4242:call.created", "4242:call.ringing_on_agent", "4242:call.answered", "4242:call.hungup", "4242:call.ended"]);
    const ended = receiver.events.at(-1)!;
    expect(aircallWebhook.toInteraction(ended.payload)).toMatchObject({ ok: true, interaction: { staff: { kind: "aircall_user", value: "99" }, contact: { value: "+61412345678" }, call: { outcome: "answered" } } });
  });

  it("is refused with the wrong token and stops at the first refusal", async () => {
    receiver = await startTestReceiver(aircallWebhook, () => ({ secret: TOKEN, now: new Date() }));
    const sim = new AircallSimulator({ token: "wrong", webhookUrl: receiver.url });
    const { results } = await sim.call({ from: "+61412345678", to: { id: 99 }, at: new Date() });
    expect(results).toEqual([{ status: 403, body: expect.stringContaining("bad webhook token") }]);
    expect(receiver.events).toHaveLength(0);
  });
});
