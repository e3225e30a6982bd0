import { shopifyOrders } from "@/lib/identity/sources";
import type { Connector } from "@/lib/interactions/connectors/types";
import { webhookRoute } from "@/lib/interactions/webhook-route";

export const dynamic = "force-dynamic";

/** Shopify orders (create/update): X-Shopify-Hmac-Sha256; stored for identity ingest. */
export const POST = webhookRoute(shopifyOrders as Connector<unknown>, () => process.env.SHOPIFY_WEBHOOK_SECRET);
