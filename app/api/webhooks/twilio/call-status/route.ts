import { db } from "@/lib/db/client";
import { twilioCallStatus } from "@/lib/interactions/connectors";
import type { Connector } from "@/lib/interactions/connectors/types";
import { handleWebhook } from "@/lib/interactions/webhook-handler";

export const dynamic = "force-dynamic";

/** Twilio: a call's status callbacks; a completed call becomes an interaction. */
export function POST(req: Request) {
  return handleWebhook(req, twilioCallStatus as Connector<unknown>, process.env.TWILIO_AUTH_TOKEN, db);
}
