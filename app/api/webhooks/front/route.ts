import { frontWebhook } from "@/lib/interactions/connectors";
import type { Connector } from "@/lib/interactions/connectors/types";
import { handleWebhook } from "@/lib/interactions/webhook-handler";
import { webhookPool } from "@/lib/interactions/webhook-pool";

export const dynamic = "force-dynamic";

/** Front: application webhook events (email and in-app messages), signed; answers the validation challenge. */
export function POST(req: Request) {
  return handleWebhook(req, frontWebhook as Connector<unknown>, process.env.FRONT_APP_SECRET, webhookPool());
}
