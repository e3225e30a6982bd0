/**
 * Route handlers behind the real front door on a bare node:http server, so a test
 * sends real HTTP from a real socket: forwarded headers, spoofed or not, and
 * bodies of any size, reach the handler exactly as they would reach Next's.
 * Responses are streamed (each chunk written as the handler produces it) and the
 * request's signal aborts when the client goes away, as in Next. POSTs to a route under
 * /api/webhooks/ go through the webhook lane (lib/http/webhook-lane.ts), as in production.
 */
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import { frontDoor, type FrontDoorConfig } from "@/lib/http/front-door";
import { WEBHOOK_PATH_PREFIX, type WebhookShedder } from "@/lib/http/load-shed";
import { laneHandler, serveLane } from "@/lib/http/webhook-lane";

export type Route = (req: Request) => Promise<Response>;

export interface FrontDoorServer {
  url: string;
  close(): Promise<void>;
}

function toRequest(req: IncomingMessage, base: string, signal: AbortSignal): Request {
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(", ") : v);
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  return new Request(new URL(req.url ?? "/", base), {
    method: req.method ?? "GET",
    headers,
    signal,
    ...(hasBody ? { body: Readable.toWeb(req) as ReadableStream<Uint8Array>, duplex: "half" } : {}),
  } as RequestInit);
}

/** `shedder`: webhooks past its bound are answered 503 before the route, as web/main.ts does. */
export async function startFrontDoorServer(routes: Record<string, Route>, config: FrontDoorConfig, shedder?: WebhookShedder): Promise<FrontDoorServer> {
  let base = "";
  // webhook routes are served by the lane, as web/main.ts serves them in production
  const lane = new Map(Object.entries(routes).filter(([p]) => p.startsWith(WEBHOOK_PATH_PREFIX)));
  const server = createServer((req, res) => {
    if (!frontDoor(req, res, config)) return;
    const slot = shedder ? shedder.admit(req, res) : "pass";
    if (slot === "shed") return;
    const release = () => slot === "held" && shedder?.release();
    const webhook = laneHandler(lane, req);
    if (webhook) {
      void serveLane(req, res, webhook, config.maxBodyBytes).finally(release);
      return;
    }
    const route = routes[new URL(req.url ?? "/", base).pathname];
    if (!route) {
      release();
      res.writeHead(404).end();
      return;
    }
    const gone = new AbortController();
    res.on("close", () => gone.abort());
    void route(toRequest(req, base, gone.signal))
      .then(async (response) => {
        res.writeHead(response.status, Object.fromEntries(response.headers));
        if (response.body) await pipeline(Readable.fromWeb(response.body as NodeReadableStream<Uint8Array>), res).catch(() => {});
        else res.end();
        // a refused body was not read: do not drain it, drop the connection
        if (response.status === 413) req.socket.destroy();
      })
      .catch((e: unknown) => {
        if (res.headersSent) res.destroy();
        else res.writeHead(500).end(e instanceof Error ? e.message : "error");
      })
      .finally(release);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
