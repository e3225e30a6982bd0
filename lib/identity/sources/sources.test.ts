import { describe, expect, it } from "vitest";
import { signShopify } from "@/lib/vendors/shopify/verify";
import { signSources } from "@/lib/vendors/sources/verify";
import { appointjetBookings } from "./appointjet";
import { receiveWebhook } from "@/lib/capture/pipeline";
import { shopifyOrders } from "./shopify";
import { simplybookBookings } from "./simplybook";
import type { WebhookRequest } from "@/lib/capture/types";

const now = new Date("2026-03-01T10:00:00Z");

describe("shopify orders", () => {
  const SECRET = "shpss_secret";
  const order = {
    id: 820982911946154508, admin_graphql_api_id: "gid://shopify/Order/820982911946154508", name: "#1001", email: "Jon@Example.com", phone: null,
    created_at: "2026-02-28T09:00:00-05:00", updated_at: "2026-02-28T10:00:00-05:00",
    customer: { id: 115310627314723954, email: "Jon@Example.com", first_name: "Jon", last_name: "Snow", phone: null },
    billing_address: { first_name: "Jon", last_name: "Snow", phone: "0412 345 678" },
    line_items: [{ id: 1, title: "Wool scarf" }],
  };
  const request = (body: object, headers: Record<string, string> = {}): WebhookRequest => {
    const rawBody = JSON.stringify(body);
    return {
      rawBody,
      pathAndQuery: "/api/webhooks/shopify",
      headers: { "x-shopify-hmac-sha256": signShopify(SECRET, rawBody), "x-shopify-topic": "orders/updated", "x-shopify-webhook-id": "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043", "x-shopify-triggered-at": "2026-02-28T15:00:01.123Z", ...headers },
    };
  };

  it("stores an order under X-Shopify-Webhook-Id, so retries are no-ops", () => {
    expect(receiveWebhook(shopifyOrders, request(order), { secret: SECRET, now })).toMatchObject({
      kind: "store",
      event: { vendor: "shopify", vendorEventId: "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043", eventType: "orders/updated", occurredAt: new Date("2026-02-28T15:00:01.123Z"), channel: null },
    });
  });

  it("answers 400 without a webhook id or with a malformed order", () => {
    const noId = request(order);
    delete (noId.headers as Record<string, string>)["x-shopify-webhook-id"];
    expect(receiveWebhook(shopifyOrders, noId, { secret: SECRET, now })).toMatchObject({ kind: "malformed", reason: expect.stringContaining("X-Shopify-Webhook-Id") });
    expect(receiveWebhook(shopifyOrders, request({ ...order, id: "abc" }), { secret: SECRET, now })).toMatchObject({ kind: "malformed", reason: expect.stringContaining("id") });
    expect(receiveWebhook(shopifyOrders, request({ ...order, admin_graphql_api_id: "820" }), { secret: SECRET, now })).toMatchObject({ kind: "malformed", reason: expect.stringContaining("admin_graphql_api_id") });
  });

  it("rejects a tampered order", () => {
    const req = request(order);
    expect(receiveWebhook(shopifyOrders, { ...req, rawBody: req.rawBody.replace("Snow", "Stark") }, { secret: SECRET, now })).toMatchObject({ kind: "rejected", status: 401 });
  });

  it("keeps a 64-bit order id exact (JSON numbers beyond 2^53 are rounded)", () => {
    const parsed = JSON.parse(JSON.stringify(order)) as typeof order;
    expect(String(parsed.id)).not.toBe("820982911946154508");
    expect(shopifyOrders.toSourceRecords(parsed)).toMatchObject({ ok: true, records: [{ externalId: "820982911946154508" }] });
    const { admin_graphql_api_id: _gid, ...legacy } = { ...order, id: 450789469 };
    expect(shopifyOrders.toSourceRecords(legacy)).toMatchObject({ ok: true, records: [{ externalId: "450789469" }] });
  });

  it("drafts the customer as an order source record, filling gaps from the addresses", () => {
    expect(shopifyOrders.toSourceRecords(order)).toEqual({
      ok: true,
      records: [{ source: "order", externalId: "820982911946154508", first_name: "Jon", last_name: "Snow", email: "Jon@Example.com", phone: "0412 345 678", booking_id: null, updated_at: new Date("2026-02-28T15:00:00Z") }],
    });
  });
});

const SOURCES_SECRET = "sources-secret";
const signed = (body: object): WebhookRequest => {
  const rawBody = JSON.stringify(body);
  return { rawBody, pathAndQuery: "/api/webhooks/sources", headers: { "x-switchboard-signature": signSources(SOURCES_SECRET, rawBody) } };
};

describe("simplybook bookings", () => {
  const sbm = {
    booking_id: "1057", booking_hash: "8f1c2e", company: "acmeclinic", notification_type: "create",
    booking: { id: "1057", code: "0bvm7pmh", start_datetime: "2026-03-05 10:00:00", service: "Consultation", status: "confirmed", updated_at: "2026-03-01T09:55:00+11:00", client: { id: 88, full_name: " Mary Jane  Watson ", email: "MJ@Example.com", phone: "0412 345 678" } },
  };

  it("stores a booking keyed by booking, notification and update time", () => {
    const outcome = receiveWebhook(simplybookBookings, signed(sbm), { secret: SOURCES_SECRET, now });
    expect(outcome).toMatchObject({ kind: "store", event: { vendor: "simplybook", vendorEventId: "1057:create:2026-03-01T09:55:00+11:00", eventType: "booking.create" } });
    const changed = receiveWebhook(simplybookBookings, signed({ ...sbm, notification_type: "change", booking: { ...sbm.booking, updated_at: "2026-03-01T10:30:00+11:00" } }), { secret: SOURCES_SECRET, now });
    expect(changed).toMatchObject({ kind: "store", event: { vendorEventId: "1057:change:2026-03-01T10:30:00+11:00" } });
  });

  it("answers 400 for the bare vendor notification (we need the booking)", () => {
    const { booking: _b, ...bare } = sbm;
    expect(receiveWebhook(simplybookBookings, signed(bare), { secret: SOURCES_SECRET, now })).toMatchObject({ kind: "malformed", reason: expect.stringContaining("booking") });
  });

  it("drafts the client with the full name split", () => {
    expect(simplybookBookings.toSourceRecords(sbm)).toEqual({
      ok: true,
      records: [{ source: "sbm", externalId: "1057", first_name: null, last_name: null, full_name: "Mary Jane  Watson", email: "MJ@Example.com", phone: "0412 345 678", booking_id: "1057", updated_at: new Date("2026-02-28T22:55:00Z") }],
    });
  });
});

describe("appointjet bookings", () => {
  const aj = {
    event: "booking.created", sent_at: "2026-03-01T10:00:00Z",
    booking: { id: "AJ-77", service: "Couples massage", starts_at: "2026-03-07T15:00:00+11:00", status: "confirmed", updated_at: "2026-03-01T09:59:00Z", client: { first_name: "Ana", last_name: "Lima", email: "ana@example.com", phone: "+61412345678" }, partner: { first_name: "Rui", last_name: "Lima", email: null, phone: "0413 000 111" } },
  };

  it("stores a booking and rejects a bad signature", () => {
    expect(receiveWebhook(appointjetBookings, signed(aj), { secret: SOURCES_SECRET, now })).toMatchObject({ kind: "store", event: { vendorEventId: "AJ-77:booking.created:2026-03-01T09:59:00Z", eventType: "booking.created" } });
    const req = signed(aj);
    expect(receiveWebhook(appointjetBookings, { ...req, rawBody: req.rawBody.replace("Ana", "Eve") }, { secret: SOURCES_SECRET, now })).toMatchObject({ kind: "rejected" });
  });

  it("drafts the client and the partner, linked by booking id", () => {
    const result = appointjetBookings.toSourceRecords(aj);
    expect(result).toMatchObject({
      ok: true,
      records: [
        { source: "aj", externalId: "AJ-77", first_name: "Ana", booking_id: "AJ-77" },
        { source: "aj_partner", externalId: "AJ-77-p", first_name: "Rui", email: null, phone: "0413 000 111", booking_id: "AJ-77" },
      ],
    });
  });

  it("drafts no partner when there is none", () => {
    const solo = { ...aj, booking: { ...aj.booking, partner: null } };
    expect(appointjetBookings.toSourceRecords(solo)).toMatchObject({ ok: true, records: [{ source: "aj" }] });
    const result = appointjetBookings.toSourceRecords(solo);
    expect(result.ok && result.records).toHaveLength(1);
  });

  it("answers 400 without updated_at", () => {
    const { updated_at: _u, ...noUpdate } = aj.booking;
    expect(receiveWebhook(appointjetBookings, signed({ ...aj, booking: noUpdate }), { secret: SOURCES_SECRET, now })).toMatchObject({ kind: "malformed", reason: expect.stringContaining("booking.updated_at") });
  });
});
