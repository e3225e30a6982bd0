import { db } from "@/lib/db/client";
import { twilioSmsInbound } from "@/lib/interactions/connectors";
import type { Connector } from "@/lib/interactions/connectors/types";
import { handleWebhook } from "@/lib/interactions/webhook-handler";

export const dynamic = "force-dynamic";

/** Twilio: an inbound SMS (the number's messaging webhook). */
export function POST(req: Request) {
  return handleWebhook(req, twilioSmsInbound as Connector<unknown>, process.env.TWILIO_AUTH_TOKEN, db);
}
