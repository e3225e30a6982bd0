import { appointjetBookings } from "@/lib/identity/sources";
import type { Connector } from "@/lib/interactions/connectors/types";
import { handleWebhook } from "@/lib/interactions/webhook-handler";
import { webhookPool } from "@/lib/interactions/webhook-pool";

export const dynamic = "force-dynamic";

/** AppointJet bookings (client and partner): X-Switchboard-Signature; stored for identity ingest. */
export function POST(req: Request) {
  return handleWebhook(req, appointjetBookings as Connector<unknown>, process.env.SOURCES_WEBHOOK_SECRET, webhookPool());
}
