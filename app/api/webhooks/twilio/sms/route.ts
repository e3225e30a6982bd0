import { twilioSmsInbound } from "@/lib/interactions/connectors";
import type { Connector } from "@/lib/interactions/connectors/types";
import { handleWebhook } from "@/lib/interactions/webhook-handler";
import { webhookPool } from "@/lib/interactions/webhook-pool";

export const dynamic = "force-dynamic";

/** Twilio: an inbound SMS (the number's messaging webhook). */
export function POST(req: Request) {
  return handleWebhook(req, twilioSmsInbound as Connector<unknown>, process.env.TWILIO_AUTH_TOKEN, webhookPool());
}
