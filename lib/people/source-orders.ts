/**
 * Orders as the screen pop and the person page show them, from the Shopify order payloads identity
 * stored as source records (the `orders` table holds only what the demo seeds).
 * Lenient: a field Shopify left out is shown as unknown, never an error.
 */
import { z } from "zod";
import type { Db } from "@/lib/db/client";

const shopifyOrderView = z
  .object({
    id: z.union([z.number(), z.string()]).optional(),
    name: z.string().optional(),
    created_at: z.string().optional(),
    processed_at: z.string().optional(),
    updated_at: z.string().optional(),
    total_price: z.union([z.string(), z.number()]).optional(),
    currency: z.string().optional(),
    financial_status: z.string().nullable().optional(),
    fulfillment_status: z.string().nullable().optional(),
    cancelled_at: z.string().nullable().optional(),
    line_items: z.array(z.object({ title: z.string().optional(), quantity: z.number().optional() }).loose()).optional(),
  })
  .loose();

export interface OrderView {
  id: string;
  summary: string;
  totalCents: number;
  currency: string;
  status: string;
  placedAt: string;
}

export function orderFromShopify(externalId: string, raw: unknown, fallbackAt: Date): OrderView {
  const o = shopifyOrderView.safeParse(raw);
  const d = o.success ? o.data : {};
  const items = (d.line_items ?? []).map((l) => `${l.quantity && l.quantity > 1 ? `${l.quantity}× ` : ""}${l.title ?? "item"}`);
  const label = d.name ?? `Order ${externalId}`;
  const total = Number(d.total_price ?? NaN);
  const when = [d.processed_at, d.created_at, d.updated_at].map((s) => (s ? new Date(s) : null)).find((x) => x && !Number.isNaN(x.getTime()));
  return {
    id: `order:${externalId}`,
    summary: items.length ? `${label}: ${items.join(", ")}` : label,
    totalCents: Number.isFinite(total) ? Math.round(total * 100) : 0,
    currency: d.currency ?? "AUD",
    status: d.cancelled_at ? "cancelled" : (d.fulfillment_status ?? d.financial_status ?? "placed"),
    placedAt: (when ?? fallbackAt).toISOString(),
  };
}

/**
 * A person's latest orders, newest first: the `orders` table (what the demo seeds)
 * and the Shopify orders identity attached to them as source records.
 */
export async function latestOrders(db: Db, personId: string, limit: number): Promise<OrderView[]> {
  const [rows, records] = await Promise.all([
    db.order.findMany({ where: { personId }, orderBy: { placedAt: "desc" }, take: limit }),
    db.sourceRecord.findMany({
      where: { personId, source: "order" },
      orderBy: [{ sourceUpdatedAt: { sort: "desc", nulls: "last" } }, { receivedAt: "desc" }],
      take: limit,
      select: { externalId: true, raw: true, sourceUpdatedAt: true, receivedAt: true },
    }),
  ]);
  return [
    ...rows.map((o) => ({ id: o.id, summary: o.summary, totalCents: o.totalCents, currency: o.currency, status: o.status, placedAt: o.placedAt.toISOString() })),
    ...records.map((r) => orderFromShopify(r.externalId, r.raw, r.sourceUpdatedAt ?? r.receivedAt)),
  ]
    .sort((a, b) => b.placedAt.localeCompare(a.placedAt))
    .slice(0, limit);
}
