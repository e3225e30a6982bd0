import { twilioSmsInbound } from "@/lib/interactions/connectors";
import type { Connector } from "@/lib/interactions/connectors/types";
import { webhookRoute } from "@/lib/interactions/webhook-route";

export const dynamic = "force-dynamic";

/** Twilio: an inbound SMS (the number's messaging webhook). */
export const POST = webhookRoute(twilioSmsInbound as Connector<unknown>, () => process.env.TWILIO_AUTH_TOKEN);
