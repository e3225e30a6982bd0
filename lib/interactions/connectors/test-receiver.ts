// A loopback webhook receiver for tests and dev: runs a connector's pipeline on each
// request and keeps the stored events in memory, unique on vendorEventId like the table.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { receiveWebhook, type WebhookOutcome } from "@/lib/capture/pipeline";
import type { Connector, IncomingEventDraft, VerifyContext } from "./types";

export interface TestReceiver {
  url: string;
  events: IncomingEventDraft[];
  outcomes: WebhookOutcome[];
  /** Answer this status to the next N requests instead (simulate an outage). */
  failNext(count: number, status?: number): void;
  close(): Promise<void>;
}

export function startTestReceiver<T>(connector: Connector<T>, context: () => VerifyContext, path = "/webhook"): Promise<TestReceiver> {
  const events: IncomingEventDraft[] = [];
  const outcomes: WebhookOutcome[] = [];
  let failures = { count: 0, status: 503 };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const answer = (status: number, body: string, contentType = "application/json") => {
        res.writeHead(status, { "content-type": contentType });
        res.end(body);
      };
      if (failures.count > 0) {
        failures.count -= 1;
        return answer(failures.status, '{"error":"simulated outage"}');
      }
      const request = { headers: req.headers, rawBody: Buffer.concat(chunks).toString("utf8"), pathAndQuery: req.url ?? path };
      const outcome = receiveWebhook(connector, request, context());
      outcomes.push(outcome);
      switch (outcome.kind) {
        case "rejected":
        case "malformed":
          return answer(outcome.status, JSON.stringify({ error: outcome.reason }));
        case "handshake":
          return answer(outcome.answer.status, outcome.answer.body, outcome.answer.contentType);
        case "store":
          if (!events.some((e) => e.vendorEventId === outcome.event.vendorEventId)) events.push(outcome.event);
          return answer(outcome.ack.status, outcome.ack.body, outcome.ack.contentType);
      }
    });
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}${path}`,
        events,
        outcomes,
        failNext: (count, status = 503) => {
          failures = { count, status };
        },
        close: () => new Promise((done) => server.close(() => done())),
      });
    });
  });
}
