/**
 * An event a sync read from a vendor's API, turned into the IncomingEvent its webhook would
 * have stored: the body the webhook would carry, through the same connector's parse and
 * interpret (no signature: we fetched it ourselves). So the vendor event id is derived in one
 * place, and an event seen both ways is one row.
 */
import type { Connector, IncomingEventDraft, InterpretOptions } from "@/lib/interactions/connectors/types";

export function asWebhookEvent<T>(connector: Connector<T>, body: unknown, options?: InterpretOptions): { ok: true; event: IncomingEventDraft } | { ok: false; reason: string } {
  const request = { headers: {}, rawBody: JSON.stringify(body), pathAndQuery: "" };
  const parsed = connector.parse(request);
  if (!parsed.ok) return parsed;
  const interpreted = connector.interpret(parsed.value, request, options);
  return interpreted.ok ? interpreted : { ok: false, reason: interpreted.reason };
}
