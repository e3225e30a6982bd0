import type pg from "pg";
import type { Db } from "@/lib/db/client";
import { readBody } from "@/lib/http/read-body";
import { logger } from "@/lib/log/logger";
import { receiveWebhook } from "@/lib/capture/pipeline";
import type { HttpAnswer, WebhookRequest } from "@/lib/capture/types";
import type { Connector } from "./connectors/types";
import { storeIncomingEvent } from "./store-incoming-event";
import { wakeProcessors } from "./wake-processors";

const log = logger.child({ component: "webhook" });

/** An answer with the headers it needs beyond its content type (Retry-After on a 503). */
export interface WebhookAnswer extends HttpAnswer {
  headers?: Readonly<Record<string, string>>;
}

const json = (status: number, value: unknown, headers?: Record<string, string>): WebhookAnswer => ({ status, contentType: "application/json", body: JSON.stringify(value), headers });

/**
 * Every vendor webhook, the same five steps: raw body (capped: 413) → verify → parse →
 * interpret → store the raw event → 2xx. Nothing is processed before the
 * answer. A bad signature stores nothing (401/403); a malformed body is 400
 * (the vendor should not retry it); a database we cannot reach is 503 (so the
 * vendor retries); a missing secret is our misconfiguration (500). The routes store through
 * their own node-postgres pool (webhook-pool.ts); tests may pass a Prisma client.
 * This is the part after the body is read, on no transport's objects: the route handler
 * (handleWebhook, a Fetch Request) and the web process's webhook lane (node's request, read
 * by lib/http/webhook-lane.ts) both answer through it.
 */
export async function answerWebhook(req: WebhookRequest, connector: Connector<unknown>, secret: string | undefined, db: Db | pg.Pool): Promise<WebhookAnswer> {
  let outcome;
  try {
    outcome = receiveWebhook(connector, req, { secret, now: new Date(), publicBaseUrl: process.env.PUBLIC_BASE_URL }, { defaultRegion: (process.env.DEFAULT_REGION ?? "AU") as "AU" });
  } catch (e) {
    log.error({ connector: connector.name, err: (e as Error).message }, "webhook cannot be verified");
    return json(500, { error: "webhook verification is not configured" });
  }
  switch (outcome.kind) {
    case "rejected":
      log.warn({ connector: connector.name, reason: outcome.reason }, "webhook rejected");
      return json(outcome.status, { error: outcome.reason });
    case "malformed":
      log.warn({ connector: connector.name, reason: outcome.reason }, "webhook malformed");
      return json(400, { error: outcome.reason });
    case "handshake":
      return outcome.answer;
    case "store": {
      try {
        const stored = await storeIncomingEvent(db, outcome.event);
        if (stored.stored) wakeProcessors(db);
      } catch (e) {
        log.error({ connector: connector.name, err: (e as Error).message }, "webhook could not be stored");
        return json(503, { error: "temporarily unavailable" }, { "retry-after": "5" });
      }
      return outcome.ack;
    }
  }
}

/** The route handler's side: a Fetch Request in, a Response out. */
export async function handleWebhook(req: Request, connector: Connector<unknown>, secret: string | undefined, db: Db | pg.Pool): Promise<Response> {
  const url = new URL(req.url);
  const body = await readBody(req);
  if (!body.ok) return body.response;
  const answer = await answerWebhook({ headers: req.headers, rawBody: body.text, pathAndQuery: url.pathname + url.search }, connector, secret, db);
  return new Response(answer.body, { status: answer.status, headers: { ...answer.headers, "content-type": answer.contentType } });
}
