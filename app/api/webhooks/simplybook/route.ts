import { simplybookBookings } from "@/lib/identity/sources";
import type { Connector } from "@/lib/interactions/connectors/types";
import { webhookRoute } from "@/lib/interactions/webhook-route";

export const dynamic = "force-dynamic";

/** SimplyBookMe bookings via our relay: X-Switchboard-Signature; stored for identity ingest. */
export const POST = webhookRoute(simplybookBookings as Connector<unknown>, () => process.env.SOURCES_WEBHOOK_SECRET);
