import type pg from "pg";
import type { Db } from "@/lib/db/client";
import { readBody } from "@/lib/http/read-body";
import { logger } from "@/lib/log/logger";
import { receiveWebhook } from "@/lib/capture/pipeline";
import type { Connector } from "./connectors/types";
import { storeIncomingEvent } from "./store-incoming-event";
import { wakeProcessors } from "./wake-processors";

const log = logger.child({ component: "webhook" });

/**
 * Every vendor webhook, the same five steps: raw body (capped: 413) → verify → parse →
 * interpret → store the raw event → 2xx. Nothing is processed before the
 * answer. A bad signature stores nothing (401/403); a malformed body is 400
 * (the vendor should not retry it); a database we cannot reach is 503 (so the
 * vendor retries); a missing secret is our misconfiguration (500). The routes store through
 * their own node-postgres pool (webhook-pool.ts); tests may pass a Prisma client.
 */
export async function handleWebhook(req: Request, connector: Connector<unknown>, secret: string | undefined, db: Db | pg.Pool): Promise<Response> {
  const url = new URL(req.url);
  const body = await readBody(req);
  if (!body.ok) return body.response;
  const rawBody = body.text;
  let outcome;
  try {
    outcome = receiveWebhook(
      connector,
      { headers: req.headers, rawBody, pathAndQuery: url.pathname + url.search },
      { secret, now: new Date(), publicBaseUrl: process.env.PUBLIC_BASE_URL },
      { defaultRegion: (process.env.DEFAULT_REGION ?? "AU") as "AU" },
    );
  } catch (e) {
    log.error({ connector: connector.name, err: (e as Error).message }, "webhook cannot be verified");
    return Response.json({ error: "webhook verification is not configured" }, { status: 500 });
  }
  switch (outcome.kind) {
    case "rejected":
      log.warn({ connector: connector.name, reason: outcome.reason }, "webhook rejected");
      return Response.json({ error: outcome.reason }, { status: outcome.status });
    case "malformed":
      log.warn({ connector: connector.name, reason: outcome.reason }, "webhook malformed");
      return Response.json({ error: outcome.reason }, { status: 400 });
    case "handshake":
      return new Response(outcome.answer.body, { status: outcome.answer.status, headers: { "content-type": outcome.answer.contentType } });
    case "store": {
      try {
        const stored = await storeIncomingEvent(db, outcome.event);
        if (stored.stored) wakeProcessors(db);
      } catch (e) {
        log.error({ connector: connector.name, err: (e as Error).message }, "webhook could not be stored");
        return Response.json({ error: "temporarily unavailable" }, { status: 503, headers: { "retry-after": "5" } });
      }
      return new Response(outcome.ack.body, { status: outcome.ack.status, headers: { "content-type": outcome.ack.contentType } });
    }
  }
}
