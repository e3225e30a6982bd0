import { appointjetBookings } from "@/lib/identity/sources";
import type { Connector } from "@/lib/interactions/connectors/types";
import { webhookRoute } from "@/lib/interactions/webhook-route";

export const dynamic = "force-dynamic";

/** AppointJet bookings (client and partner): X-Switchboard-Signature; stored for identity ingest. */
export const POST = webhookRoute(appointjetBookings as Connector<unknown>, () => process.env.SOURCES_WEBHOOK_SECRET);
