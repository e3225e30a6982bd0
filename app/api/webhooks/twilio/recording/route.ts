import { twilioRecording } from "@/lib/interactions/connectors";
import type { Connector } from "@/lib/interactions/connectors/types";
import { webhookRoute } from "@/lib/interactions/webhook-route";

export const dynamic = "force-dynamic";

/** Twilio: recording status callbacks; a recording attaches to its call. */
export const POST = webhookRoute(twilioRecording as Connector<unknown>, () => process.env.TWILIO_AUTH_TOKEN);
