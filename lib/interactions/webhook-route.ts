import type { WebhookRequest } from "@/lib/capture/types";
import type { Connector } from "./connectors/types";
import { answerWebhook, handleWebhook, type WebhookAnswer } from "./webhook-handler";
import { webhookPool } from "./webhook-pool";

/**
 * A vendor webhook's App Router route handler (`export const POST = webhookRoute(...)` in
 * app/api/webhooks/…/route.ts), carrying the same handling without the Fetch objects as
 * `answer`: the web process's webhook lane (lib/http/webhook-lane.ts) calls that with node's
 * request, which spares each webhook a Request, a Headers, a Response and two body streams.
 * Next calls the function itself wherever the lane is not in front (`next dev`). The secret is
 * read per request, as the routes always have, so a test may set it after import.
 */
export type WebhookRoute = ((req: Request) => Promise<Response>) & {
  answer: (req: WebhookRequest) => Promise<WebhookAnswer>;
};

export function webhookRoute(connector: Connector<unknown>, secret: () => string | undefined): WebhookRoute {
  const POST = (req: Request) => handleWebhook(req, connector, secret(), webhookPool());
  return Object.assign(POST, { answer: (req: WebhookRequest) => answerWebhook(req, connector, secret(), webhookPool()) });
}
