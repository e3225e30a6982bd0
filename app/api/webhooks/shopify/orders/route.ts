import { shopifyOrders } from "@/lib/identity/sources";
import type { Connector } from "@/lib/interactions/connectors/types";
import { handleWebhook } from "@/lib/interactions/webhook-handler";
import { webhookPool } from "@/lib/interactions/webhook-pool";

export const dynamic = "force-dynamic";

/** Shopify orders (create/update): X-Shopify-Hmac-Sha256; stored for identity ingest. */
export function POST(req: Request) {
  return handleWebhook(req, shopifyOrders as Connector<unknown>, process.env.SHOPIFY_WEBHOOK_SECRET, webhookPool());
}
