// The five steps every webhook route runs, minus the insert: verify → handshake → parse →
// interpret. The route stores a "store" outcome (a duplicate is a no-op) and answers ack.
import type { Connector, HttpAnswer, IncomingEventDraft, InterpretOptions, VerifyContext, WebhookRequest } from "./types";

export type WebhookOutcome =
  | { kind: "rejected"; status: 401 | 403; reason: string }
  | { kind: "malformed"; status: 400; reason: string }
  | { kind: "handshake"; answer: HttpAnswer }
  | { kind: "store"; event: IncomingEventDraft; ack: HttpAnswer };

export function receiveWebhook<T>(
  connector: Connector<T>,
  req: WebhookRequest,
  ctx: VerifyContext,
  options?: InterpretOptions,
): WebhookOutcome {
  const verified = connector.verify(req, ctx);
  if (!verified.ok) return { kind: "rejected", status: verified.status, reason: verified.reason };
  const handshake = connector.handshake?.(req);
  if (handshake) return { kind: "handshake", answer: handshake };
  const parsed = connector.parse(req);
  if (!parsed.ok) return { kind: "malformed", status: 400, reason: parsed.reason };
  const interpreted = connector.interpret(parsed.value, req, options);
  if (!interpreted.ok) return { kind: "malformed", status: 400, reason: interpreted.reason };
  return { kind: "store", event: interpreted.event, ack: connector.ack };
}
