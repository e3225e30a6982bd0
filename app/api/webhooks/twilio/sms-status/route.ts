import { twilioSmsStatusCallback } from "@/lib/interactions/connectors";
import type { Connector } from "@/lib/interactions/connectors/types";
import { webhookRoute } from "@/lib/interactions/webhook-route";

export const dynamic = "force-dynamic";

/** Twilio: delivery status of an SMS we sent (StatusCallback). */
export const POST = webhookRoute(twilioSmsStatusCallback as Connector<unknown>, () => process.env.TWILIO_AUTH_TOKEN);
