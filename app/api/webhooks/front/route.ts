import { db } from "@/lib/db/client";
import { frontWebhook } from "@/lib/interactions/connectors";
import type { Connector } from "@/lib/interactions/connectors/types";
import { handleWebhook } from "@/lib/interactions/webhook-handler";

export const dynamic = "force-dynamic";

/** Front: application webhook events (email and in-app messages), signed; answers the validation challenge. */
export function POST(req: Request) {
  return handleWebhook(req, frontWebhook as Connector<unknown>, process.env.FRONT_APP_SECRET, db);
}
