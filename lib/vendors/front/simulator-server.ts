// The Front simulator's REST API on loopback (node:http), speaking Front's shapes:
//   GET  /me                               the token's company
//   GET  /events?limit&page_token&sort_order&q[after]&q[before]
//                                          newest first by default; _pagination.next holds
//                                          the next page's full URL (a page_token), or null
//   GET  /events/:id
//   GET  /teammates                        the company's teammates (Front's shape, one page)
// and, simulator-only (Front has no public API for an application webhook's state; the
// FrontCheck monitor reads it here in dev and tests):
//   GET  /_simulator/application-webhook   { url, enabled, consecutiveFailures, disabledAt, disabledReason }
//   PUT  /_simulator/application-webhook   { url }  → validates it with a challenge, like saving in Front
//   POST /_simulator/messages              a FrontMessageSpec (at as ISO) → recorded and delivered
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { safeEqual } from "@/lib/vendors/webhook";
import type { FrontMessageSpec, FrontSimulator } from "./simulator";
import type { FrontEvent } from "./webhooks";

const MAX_LIMIT = 15; // Front's cap for /events

interface Cursor {
  /** Index in emission order of the last event served. */
  last: number;
  order: "asc" | "desc";
  limit: number;
  after?: number;
  before?: number;
}

const encodeCursor = (c: Cursor) => Buffer.from(JSON.stringify(c)).toString("base64url");
function decodeCursor(token: string): Cursor | null {
  try {
    const c = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as Cursor;
    return typeof c.last === "number" && (c.order === "asc" || c.order === "desc") ? c : null;
  } catch {
    return null;
  }
}

function send(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}
const frontError = (res: ServerResponse, status: number, title: string, message: string) =>
  send(res, status, { _error: { status, title, message } });

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}");
}

function listEvents(sim: FrontSimulator, base: string, query: URLSearchParams) {
  const token = query.get("page_token");
  const fromToken = token ? decodeCursor(token) : null;
  if (token && !fromToken) return null;
  const num = (v: string | null) => (v === null || Number.isNaN(Number(v)) ? undefined : Number(v));
  const cursor: Cursor = fromToken ?? {
    last: -1,
    order: query.get("sort_order") === "asc" ? "asc" : "desc",
    limit: Math.min(Math.max(num(query.get("limit")) ?? MAX_LIMIT, 1), MAX_LIMIT),
    after: num(query.get("q[after]")),
    before: num(query.get("q[before]")),
  };
  const indexed = sim.events
    .map((event, index) => ({ event, index }))
    .filter(({ event }) => (cursor.after === undefined || event.emitted_at > cursor.after) && (cursor.before === undefined || event.emitted_at < cursor.before));
  const ordered = cursor.order === "asc" ? indexed : [...indexed].reverse();
  const remaining = fromToken ? ordered.filter(({ index }) => (cursor.order === "asc" ? index > cursor.last : index < cursor.last)) : ordered;
  const page = remaining.slice(0, cursor.limit);
  const lastServed = page.at(-1);
  const next = remaining.length > page.length && lastServed ? `${base}/events?page_token=${encodeCursor({ ...cursor, last: lastServed.index })}` : null;
  return { _pagination: { next }, _links: { self: `${base}/events` }, _results: page.map(({ event }) => withLinks(event, base)) };
}

const withLinks = (event: FrontEvent, base: string): FrontEvent => ({ ...event, _links: { self: `${base}/events/${event.id}` } });

function authorised(sim: FrontSimulator, req: IncomingMessage): boolean {
  if (!sim.apiToken) return true;
  const header = req.headers.authorization ?? "";
  return safeEqual(header, `Bearer ${sim.apiToken}`);
}

async function route(sim: FrontSimulator, base: string, req: IncomingMessage, res: ServerResponse) {
  const url = new URL(req.url ?? "/", base);
  const path = url.pathname.replace(/\/+$/, "") || "/";
  if (!path.startsWith("/_simulator") && !authorised(sim, req)) {
    return frontError(res, 401, "Unauthenticated", "Invalid or missing API token");
  }
  if (req.method === "GET" && path === "/me") {
    return send(res, 200, { _links: { self: `${base}/me` }, name: sim.companyName, id: sim.companyId });
  }
  if (req.method === "GET" && path === "/teammates") return send(res, 200, sim.teammateList(base));
  if (req.method === "GET" && path === "/events") {
    const body = listEvents(sim, base, url.searchParams);
    return body ? send(res, 200, body) : frontError(res, 400, "Bad request", "Invalid page_token");
  }
  const one = /^\/events\/([^/]+)$/.exec(path);
  if (req.method === "GET" && one) {
    const event = sim.events.find((e) => e.id === one[1]);
    return event ? send(res, 200, withLinks(event, base)) : frontError(res, 404, "Not found", "Unknown event");
  }
  if (path === "/_simulator/application-webhook") {
    if (req.method === "GET") return send(res, 200, sim.webhook);
    if (req.method === "PUT") {
      const { url: target } = (await readJson(req)) as { url?: string };
      if (!target) return frontError(res, 400, "Bad request", "url is required");
      await sim.setWebhook(target);
      return send(res, 200, sim.webhook);
    }
  }
  if (req.method === "POST" && path === "/_simulator/messages") {
    const spec = (await readJson(req)) as Omit<FrontMessageSpec, "at"> & { at?: string };
    const result = await sim.emit({ ...spec, at: spec.at ? new Date(spec.at) : new Date() });
    return send(res, 201, result);
  }
  return frontError(res, 404, "Not found", `${req.method} ${path}`);
}

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

/** Serve the simulator on 127.0.0.1 (port 0 picks a free one). */
export function serveFrontSimulator(sim: FrontSimulator, port = 0): Promise<RunningServer> {
  return new Promise((resolve) => {
    let base = "";
    const server = createServer((req, res) => {
      route(sim, base, req, res).catch((error: unknown) => frontError(res, 500, "Internal error", String(error)));
    });
    server.listen(port, "127.0.0.1", () => {
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      resolve({ url: base, close: () => new Promise((done) => server.close(() => done())) });
    });
  });
}
