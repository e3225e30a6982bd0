import { describe, expect, it } from "vitest";
import { frontChallengeRequest } from "@/lib/vendors/front/simulator";
import { signFront } from "@/lib/vendors/front/verify";
import { frontWebhook } from "./front";
import { envelope, event, FRONT_SECRET, frontCtx, frontNow, frontRequest, messageTarget, outboundMessage } from "./front.fixtures";
import { receiveWebhook } from "@/lib/capture/pipeline";

const inbound = envelope("inbound_received", event("inbound", messageTarget()));
const stored = (body: unknown) => {
  const outcome = receiveWebhook(frontWebhook, frontRequest(body), frontCtx);
  if (outcome.kind !== "store") throw new Error(JSON.stringify(outcome));
  return outcome.event;
};

describe("front webhook: verification and handshake", () => {
  it("answers the validation challenge with a 200 echo, storing nothing", () => {
    const req = frontChallengeRequest(FRONT_SECRET, "cmp_4thp0", "c-123", frontNow);
    const outcome = receiveWebhook(frontWebhook, { ...req, pathAndQuery: "/api/webhooks/front" }, frontCtx);
    expect(outcome).toEqual({ kind: "handshake", answer: { status: 200, contentType: "application/json", body: '{"challenge":"c-123"}' } });
  });

  it("does not answer a challenge that is not signed", () => {
    const req = frontChallengeRequest("wrong-secret", "cmp_4thp0", "c-123", frontNow);
    expect(receiveWebhook(frontWebhook, { ...req, pathAndQuery: "/" }, frontCtx)).toMatchObject({ kind: "rejected", status: 403 });
  });

  it("rejects a tampered body, a stale delivery and a missing signature", () => {
    const req = frontRequest(inbound);
    expect(receiveWebhook(frontWebhook, { ...req, rawBody: req.rawBody.replace("Package", "Parcel") }, frontCtx)).toMatchObject({ kind: "rejected", status: 403 });
    const stale = frontRequest(inbound, new Date(frontNow.getTime() - 10 * 60 * 1000));
    expect(receiveWebhook(frontWebhook, stale, frontCtx)).toMatchObject({ kind: "rejected", reason: "stale x-front-request-timestamp" });
    const { "x-front-signature": _drop, ...unsigned } = req.headers as Record<string, string>;
    expect(receiveWebhook(frontWebhook, { ...req, headers: unsigned }, frontCtx)).toMatchObject({ kind: "rejected", status: 401 });
  });
});

describe("front webhook: interpret", () => {
  it("stores an inbound email under the event id, the sender lower-cased", () => {
    expect(stored(inbound)).toMatchObject({
      vendor: "front",
      vendorEventId: "evt_3s78kxhw",
      eventType: "inbound_received",
      occurredAt: new Date(1772359170930),
      channel: "email",
      contact: { kind: "email", value: "sabrina@customer.example" },
      payload: inbound,
    });
  });

  it("stores an outbound reply with the customer it went to", () => {
    const body = envelope("outbound_sent", event("out_reply", { _meta: { type: "message" }, data: outboundMessage() }, { id: "evt_out1" }));
    expect(stored(body)).toMatchObject({ vendorEventId: "evt_out1", eventType: "outbound_sent", channel: "email", contact: { value: "sabrina@customer.example" } });
  });

  it("stores in-app (custom channel) and SMS messages under their channels", () => {
    const custom = envelope("inbound_received", event("inbound", messageTarget({ type: "custom", recipients: [{ handle: "pat@customer.example", role: "from" }, { handle: "app", role: "to" }] })));
    expect(stored(custom)).toMatchObject({ channel: "in_app", contact: { kind: "email", value: "pat@customer.example" } });
    const sms = envelope("inbound_received", event("inbound", messageTarget({ type: "sms", recipients: [{ handle: "0412 345 678", role: "from" }, { handle: "+61280000000", role: "to" }] })));
    expect(stored(sms)).toMatchObject({ channel: "sms", contact: { kind: "phone", value: "+61412345678" } });
  });

  it("stores events that are not messages without a channel", () => {
    const tag = envelope("tag_added", event("tag", { _meta: { type: "tag" }, data: { id: "tag_1", name: "VIP" } }, { id: "evt_tag" }));
    expect(stored(tag)).toMatchObject({ vendorEventId: "evt_tag", channel: null, contact: null });
  });

  it("answers 400 only for bodies that are not Front's format", () => {
    const cases: [unknown, string][] = [
      [{ type: "inbound_received", payload: {} }, "authorization"],
      [envelope("inbound_received", { type: "inbound" }), "payload.id"],
      [{ type: "sync", authorization: { id: "cmp_1" } }, "x-front-challenge"],
    ];
    // A signed Front event whose message we cannot read is stored (and skipped with the reason), never refused.
    for (const body of [
      envelope("inbound_received", event("inbound", messageTarget({ is_inbound: "yes" }))),
      envelope("inbound_received", event("inbound", { _meta: { type: "comment" }, data: {} })),
    ]) {
      expect(receiveWebhook(frontWebhook, frontRequest(body), frontCtx)).toMatchObject({ kind: "store", event: { channel: null, contact: null } });
      expect(frontWebhook.toInteraction(body)).toMatchObject({ ok: false, reason: expect.stringMatching(/is_inbound|targets a message/) });
    }
    for (const [body, reason] of cases) {
      expect(receiveWebhook(frontWebhook, frontRequest(body), frontCtx)).toMatchObject({ kind: "malformed", status: 400, reason: expect.stringContaining(reason) });
    }
    const ts = String(frontNow.getTime());
    const notJson = { "x-front-request-timestamp": ts, "x-front-signature": signFront(FRONT_SECRET, ts, "{") };
    expect(receiveWebhook(frontWebhook, { headers: notJson, rawBody: "{", pathAndQuery: "/" }, frontCtx))
      .toEqual({ kind: "malformed", status: 400, reason: "body is not JSON" });
  });
});

describe("front toInteraction", () => {
  it("makes an inbound email with subject, thread and our inbox as staff", () => {
    expect(frontWebhook.toInteraction(inbound)).toEqual({
      ok: true,
      interaction: {
        channel: "email",
        direction: "inbound",
        occurredAt: new Date(1772359170930),
        contact: { kind: "email", value: "sabrina@customer.example" },
        staff: { kind: "email", value: "support@acme.example", optional: true },
        summary: "Package update? — Hi, I placed an order last week. When will it be delivered?",
        email: { subject: "Package update?", threadId: "cnv_1042nr10", messageId: "msg_1sagx9sk" },
      },
    });
  });

  it("names the assignee as staff for inbound, the author for outbound", () => {
    const assigned = envelope("inbound_received", event("inbound", messageTarget(), {
      conversation: { id: "cnv_1", subject: "Hi", assignee: { id: "tea_x", email: "x@acme.example" } },
    }));
    expect(frontWebhook.toInteraction(assigned)).toMatchObject({ ok: true, interaction: { staff: { kind: "front_teammate", value: "tea_x" } } });
    const out = envelope("outbound_sent", event("outbound", { _meta: { type: "message" }, data: outboundMessage() }));
    expect(frontWebhook.toInteraction(out)).toMatchObject({ ok: true, interaction: { direction: "outbound", staff: { kind: "front_teammate", value: "tea_a0ljo" } } });
  });

  it("makes an in-app message with sender role and conversation", () => {
    const custom = envelope("outbound_sent", event("outbound", { _meta: { type: "message" }, data: outboundMessage({ type: "custom", text: "Your order shipped today." }) }));
    expect(frontWebhook.toInteraction(custom)).toMatchObject({
      ok: true,
      interaction: { channel: "in_app", inApp: { senderRole: "staff", body: "Your order shipped today.", conversationId: "cnv_1042nr10" } },
    });
  });

  it("skips events that are not messages", () => {
    const tag = envelope("tag_added", event("tag", { _meta: { type: "tag" }, data: {} }));
    expect(frontWebhook.toInteraction(tag)).toMatchObject({ ok: false, reason: expect.stringContaining("not a message") });
  });
});
