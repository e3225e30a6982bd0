// Shopify order webhooks (orders/create, orders/updated, …): the Order resource. Only the
// identifying fields are declared; the rest is stored as sent.
import { z } from "zod";

const isoDate = z.iso.datetime({ offset: true });

const person = {
  first_name: z.string().nullish(),
  last_name: z.string().nullish(),
  phone: z.string().nullish(),
};

// Shopify IDs are 64-bit: beyond 2^53 JSON.parse rounds them, so the exact ID is read from
// admin_graphql_api_id ("gid://shopify/Order/820982911946154508") when it is there.
const gid = z.string().regex(/^gid:\/\/shopify\/\w+\/\d+$/, "expected gid://shopify/…/<id>");

export const shopifyOrder = z.looseObject({
  id: z.number(),
  admin_graphql_api_id: gid.optional(),
  name: z.string().optional(), // "#1001"
  email: z.string().nullish(),
  contact_email: z.string().nullish(),
  phone: z.string().nullish(),
  created_at: isoDate.optional(),
  updated_at: isoDate.optional(),
  customer: z.looseObject({ id: z.number(), email: z.string().nullish(), ...person }).nullish(),
  billing_address: z.looseObject(person).nullish(),
  shipping_address: z.looseObject(person).nullish(),
});
export type ShopifyOrder = z.infer<typeof shopifyOrder>;

/** The order's exact ID: from its GraphQL gid when present, else the (possibly rounded) number. */
export function shopifyOrderId(order: ShopifyOrder): string {
  return order.admin_graphql_api_id?.split("/").pop() ?? String(order.id);
}
