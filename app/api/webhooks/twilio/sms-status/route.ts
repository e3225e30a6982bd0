import { twilioSmsStatusCallback } from "@/lib/interactions/connectors";
import type { Connector } from "@/lib/interactions/connectors/types";
import { handleWebhook } from "@/lib/interactions/webhook-handler";
import { webhookPool } from "@/lib/interactions/webhook-pool";

export const dynamic = "force-dynamic";

/** Twilio: delivery status of an SMS we sent (StatusCallback). */
export function POST(req: Request) {
  return handleWebhook(req, twilioSmsStatusCallback as Connector<unknown>, process.env.TWILIO_AUTH_TOKEN, webhookPool());
}
