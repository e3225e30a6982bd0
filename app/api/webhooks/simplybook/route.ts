import { db } from "@/lib/db/client";
import { simplybookBookings } from "@/lib/identity/sources";
import type { Connector } from "@/lib/interactions/connectors/types";
import { handleWebhook } from "@/lib/interactions/webhook-handler";

export const dynamic = "force-dynamic";

/** SimplyBookMe bookings via our relay: X-Switchboard-Signature; stored for identity ingest. */
export function POST(req: Request) {
  return handleWebhook(req, simplybookBookings as Connector<unknown>, process.env.SOURCES_WEBHOOK_SECRET, db);
}
