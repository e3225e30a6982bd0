import { twilioCallStatus } from "@/lib/interactions/connectors";
import type { Connector } from "@/lib/interactions/connectors/types";
import { handleWebhook } from "@/lib/interactions/webhook-handler";
import { webhookPool } from "@/lib/interactions/webhook-pool";

export const dynamic = "force-dynamic";

/** Twilio: a call's status callbacks; a completed call becomes an interaction. */
export function POST(req: Request) {
  return handleWebhook(req, twilioCallStatus as Connector<unknown>, process.env.TWILIO_AUTH_TOKEN, webhookPool());
}
