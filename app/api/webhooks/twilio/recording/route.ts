import { twilioRecording } from "@/lib/interactions/connectors";
import type { Connector } from "@/lib/interactions/connectors/types";
import { handleWebhook } from "@/lib/interactions/webhook-handler";
import { webhookPool } from "@/lib/interactions/webhook-pool";

export const dynamic = "force-dynamic";

/** Twilio: recording status callbacks; a recording attaches to its call. */
export function POST(req: Request) {
  return handleWebhook(req, twilioRecording as Connector<unknown>, process.env.TWILIO_AUTH_TOKEN, webhookPool());
}
