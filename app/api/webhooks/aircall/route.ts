import { aircallWebhook } from "@/lib/interactions/connectors";
import type { Connector } from "@/lib/interactions/connectors/types";
import { handleWebhook } from "@/lib/interactions/webhook-handler";
import { webhookPool } from "@/lib/interactions/webhook-pool";

export const dynamic = "force-dynamic";

/** Aircall: call events, authenticated by the payload's token. */
export function POST(req: Request) {
  return handleWebhook(req, aircallWebhook as Connector<unknown>, process.env.AIRCALL_WEBHOOK_TOKEN, webhookPool());
}
