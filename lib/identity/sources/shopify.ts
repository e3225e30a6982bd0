// Shopify order webhooks → an identity source record (source "order").
import { verifyShopifyHmac } from "@/lib/vendors/shopify/verify";
import { shopifyOrder, shopifyOrderId, type ShopifyOrder } from "@/lib/vendors/shopify/webhooks";
import { headerValue } from "@/lib/vendors/webhook";
import { badRequest, parseJsonBody, reparse } from "@/lib/capture/parse";
import { clean, isoToDate } from "./source-fields";
import type { SourceConnector, SourceRecordDraft, ToSourceRecordsResult } from "./types";

/** The customer as the order names them: the customer record first, then the order, then its addresses. */
export function orderRecord(order: ShopifyOrder): SourceRecordDraft {
  const c = order.customer;
  const addresses = [order.billing_address, order.shipping_address];
  const pick = (...values: (string | null | undefined)[]) => values.map(clean).find((v) => v !== null) ?? null;
  return {
    source: "order",
    externalId: shopifyOrderId(order),
    first_name: pick(c?.first_name, ...addresses.map((a) => a?.first_name)),
    last_name: pick(c?.last_name, ...addresses.map((a) => a?.last_name)),
    email: pick(c?.email, order.email, order.contact_email),
    phone: pick(c?.phone, order.phone, ...addresses.map((a) => a?.phone)),
    booking_id: null,
    updated_at: isoToDate(order.updated_at ?? order.created_at),
  };
}

export const shopifyOrders: SourceConnector<ShopifyOrder> = {
  name: "shopify-orders",
  vendor: "shopify",
  ack: { status: 200, contentType: "application/json", body: '{"ok":true}' },
  verify: (req, ctx) => verifyShopifyHmac(ctx.secret, headerValue(req.headers, "x-shopify-hmac-sha256"), req.rawBody),
  parse: (req) => parseJsonBody(shopifyOrder, req.rawBody),
  interpret({ data, raw }, req) {
    const webhookId = headerValue(req.headers, "x-shopify-webhook-id");
    if (!webhookId) return badRequest("missing X-Shopify-Webhook-Id header");
    return {
      ok: true,
      event: {
        vendor: "shopify",
        // The same on every retry of one delivery; distinct for each change to the order.
        vendorEventId: webhookId,
        eventType: headerValue(req.headers, "x-shopify-topic") ?? "orders/updated",
        occurredAt: isoToDate(headerValue(req.headers, "x-shopify-triggered-at") ?? data.updated_at),
        channel: null,
        contact: null,
        payload: raw,
      },
    };
  },
  toSourceRecords(payload): ToSourceRecordsResult {
    const parsed = reparse(shopifyOrder, payload);
    return parsed.ok ? { ok: true, records: [orderRecord(parsed.data)] } : parsed;
  },
};
