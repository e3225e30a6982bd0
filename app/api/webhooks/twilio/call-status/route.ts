import { twilioCallStatus } from "@/lib/interactions/connectors";
import type { Connector } from "@/lib/interactions/connectors/types";
import { webhookRoute } from "@/lib/interactions/webhook-route";

export const dynamic = "force-dynamic";

/** Twilio: a call's status callbacks; a completed call becomes an interaction. */
export const POST = webhookRoute(twilioCallStatus as Connector<unknown>, () => process.env.TWILIO_AUTH_TOKEN);
