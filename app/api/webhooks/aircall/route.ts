import { db } from "@/lib/db/client";
import { aircallWebhook } from "@/lib/interactions/connectors";
import type { Connector } from "@/lib/interactions/connectors/types";
import { handleWebhook } from "@/lib/interactions/webhook-handler";

export const dynamic = "force-dynamic";

/** Aircall: call events, authenticated by the payload's token. */
export function POST(req: Request) {
  return handleWebhook(req, aircallWebhook as Connector<unknown>, process.env.AIRCALL_WEBHOOK_TOKEN, db);
}
