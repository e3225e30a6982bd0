import { frontWebhook } from "@/lib/interactions/connectors";
import type { Connector } from "@/lib/interactions/connectors/types";
import { webhookRoute } from "@/lib/interactions/webhook-route";

export const dynamic = "force-dynamic";

/** Front: application webhook events (email and in-app messages), signed; answers the validation challenge. */
export const POST = webhookRoute(frontWebhook as Connector<unknown>, () => process.env.FRONT_APP_SECRET);
