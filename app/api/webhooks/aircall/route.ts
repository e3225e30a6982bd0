import { aircallWebhook } from "@/lib/interactions/connectors";
import type { Connector } from "@/lib/interactions/connectors/types";
import { webhookRoute } from "@/lib/interactions/webhook-route";

export const dynamic = "force-dynamic";

/** Aircall: call events, authenticated by the payload's token. */
export const POST = webhookRoute(aircallWebhook as Connector<unknown>, () => process.env.AIRCALL_WEBHOOK_TOKEN);
