/**
 * The webhook lane: a webhook route handler called by the web process itself, without
 * Next's router in between. A webhook is one signed POST that is verified, stored and
 * answered; Next's per-request work around it (routing, the request context, the
 * NextRequest wrapper) cost more CPU than the handler's own work, three to four times the
 * bare floor bench:ingest measures (issue 15). The handlers stay the App Router route
 * handlers in app/api/webhooks (webhook-routes.ts lists them): the same functions, answering
 * the same way; Next still serves them wherever this lane is not in front of it (`next dev`).
 * The body is read here with the same cap as every route (a declared oversize body never
 * gets this far: the front door refuses it). A vendor webhook's handler carries its handling on
 * plain values too (`answer`, lib/interactions/webhook-route.ts), which the lane calls with
 * node's headers and the body: no Fetch objects at all. Any other handler gets a Fetch Request
 * with no body stream of its own: it reads the body through readBody (read-body.ts), which
 * answers with the text read here.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { logger } from "@/lib/log/logger";
import { tooLarge } from "./body-limit";
import { withPrereadBody } from "./read-body";

export type RouteHandler = (req: Request) => Response | Promise<Response>;

/** What a route answers when called without Fetch objects (lib/interactions/webhook-route.ts). */
export interface PlainAnswer {
  status: number;
  contentType: string;
  body: string;
  headers?: Readonly<Record<string, string>>;
}

/**
 * A route handler, maybe with the same handling on plain values as `answer` (the vendor
 * webhooks have it): the lane then calls that, with node's headers and the body it read.
 */
export type LaneRoute = RouteHandler & {
  answer?: (req: { headers: IncomingMessage["headers"]; rawBody: string; pathAndQuery: string }) => Promise<PlainAnswer>;
};

const log = logger.child({ component: "webhook-lane" });

/** The handler for this request, or undefined when the lane does not serve it. */
export function laneHandler(routes: ReadonlyMap<string, LaneRoute>, req: IncomingMessage): LaneRoute | undefined {
  if (req.method !== "POST" || req.url === undefined) return undefined;
  const q = req.url.indexOf("?");
  return routes.get(q < 0 ? req.url : req.url.slice(0, q));
}

/** Reads the body (at most `limit` bytes), calls the handler, writes its answer. Never rejects. */
export async function serveLane(req: IncomingMessage, res: ServerResponse, handler: LaneRoute, limit: number): Promise<void> {
  let response: Response | PlainAnswer;
  try {
    const body = await readCapped(req, limit);
    if (body === null) response = tooLarge(limit);
    else if (handler.answer) response = await handler.answer({ headers: req.headers, rawBody: body.toString("utf8"), pathAndQuery: req.url ?? "/" });
    else response = await handler(toRequest(req, body));
  } catch (e) {
    log.error({ path: req.url, err: (e as Error).message }, "webhook route failed");
    response = { status: 500, contentType: "application/json", body: '{"error":"internal error"}' };
  }
  if (response instanceof Response) await writeResponse(res, response);
  else writePlain(res, response);
}

function writePlain(res: ServerResponse, answer: PlainAnswer): void {
  if (res.headersSent || res.destroyed) return;
  const body = Buffer.from(answer.body, "utf8");
  res.writeHead(answer.status, { ...answer.headers, "content-type": answer.contentType, "content-length": String(body.length) });
  res.end(body);
}

function readCapped(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        // stop reading and drop the rest: nothing past the cap is held or verified
        req.removeAllListeners("data");
        req.pause();
        resolve(null);
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(size > limit ? null : chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size)));
    req.on("error", reject);
    // a client gone before the end of its body: settle, so the shed slot is given back
    req.on("close", () => {
      if (!req.complete && size <= limit) reject(new Error("the client went away before the body ended"));
    });
  });
}

function toRequest(req: IncomingMessage, body: Buffer): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else headers.set(name, value);
  }
  // only the path and query matter to a handler (signatures are checked against PUBLIC_BASE_URL)
  const host = req.headers.host ?? "localhost";
  return withPrereadBody(new Request(`http://${host}${req.url}`, { method: "POST", headers }), body.toString("utf8"));
}

async function writeResponse(res: ServerResponse, response: Response): Promise<void> {
  if (res.headersSent || res.destroyed) return;
  const body = response.body === null ? null : Buffer.from(await response.arrayBuffer());
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    if (name !== "set-cookie") headers[name] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) headers["set-cookie"] = cookies;
  if (body !== null) headers["content-length"] = String(body.length);
  res.writeHead(response.status, headers);
  if (headers.connection === "close") res.end(body ?? undefined, () => res.socket?.destroy());
  else res.end(body ?? undefined);
}
