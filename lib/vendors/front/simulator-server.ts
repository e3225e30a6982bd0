// The Front simulator's REST API on loopback (node:http), speaking Front's shapes:
//   GET  /me                               the token's company
//   GET  /events?q[after]&q[before]&q[types]&q[inboxes]&sort_by=created_at&sort_order&limit&page_token
//                                          newest first by default; times are Unix seconds with up
//                                          to three decimals (after/before exclusive); limit at
//                                          most 15 (more is refused, as Front does); _pagination.next
//                                          holds the next page's full URL (a page_token), or null
//   GET  /events/:id
//   GET  /teammates                        the company's teammates (Front's shape, one page)
// Every API request counts against the company's plan (requests per minute) and a burst of 5 a
// second per resource type: past either, 429 with Retry-After; every answer carries
// x-ratelimit-limit / -remaining / -reset (Unix seconds).
// Simulator-only (Front has no API for an application webhook's state; nothing tells the app
// when Front switches it off):
//   GET  /_simulator/application-webhook   { url, enabled, consecutiveFailures, disabledAt, disabledReason }
//   PUT  /_simulator/application-webhook   { url }  → validates it with a challenge, like saving in Front
//   POST /_simulator/application-webhook/enable    switch it back on (Front's "enable")
//   POST /_simulator/application-webhook/disable   switch it off silently (tests, chaos runs)
//   POST /_simulator/messages              a FrontMessageSpec (at as ISO) → recorded and delivered
//   POST /_simulator/messages?deliver=false          recorded only (a webhook that was lost)
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { safeEqual } from "@/lib/vendors/webhook";
import { SimRateLimiter } from "@/lib/vendors/sim-rate-limit";
import type { FrontMessageSpec, FrontSimulator } from "./simulator";
import type { FrontEvent } from "./webhooks";

const MAX_LIMIT = 15; // Front's cap for /events

interface Filters {
  order: "asc" | "desc";
  limit: number;
  after?: number;
  before?: number;
  types?: string[];
  inboxes?: string[];
}
/** A page_token: the filters, and the sort position (emitted_at, emission index) of the last event served. */
interface Cursor extends Filters {
  lastAt: number;
  lastIndex: number;
}

const encodeCursor = (c: Cursor) => Buffer.from(JSON.stringify(c)).toString("base64url");
function decodeCursor(token: string): Cursor | null {
  try {
    const c = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as Cursor;
    return typeof c.lastAt === "number" && typeof c.lastIndex === "number" && (c.order === "asc" || c.order === "desc") ? c : null;
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

type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

/** Unix seconds with at most three decimals, as Front takes them. */
function seconds(raw: string | null, name: string): Parsed<number | undefined> {
  if (raw === null) return { ok: true, value: undefined };
  return /^\d+(\.\d{1,3})?$/.test(raw) ? { ok: true, value: Number(raw) } : { ok: false, message: `${name} must be a timestamp in seconds with up to 3 decimals` };
}

/** q[types]=a&q[types]=b, q[types][]=a, or a comma list. */
function list(query: URLSearchParams, name: string): string[] | undefined {
  const values = [...query.getAll(`q[${name}]`), ...query.getAll(`q[${name}][]`)].flatMap((v) => v.split(",")).filter(Boolean);
  return values.length ? values : undefined;
}

function parseFilters(query: URLSearchParams): Parsed<Filters> {
  const sortBy = query.get("sort_by");
  if (sortBy !== null && sortBy !== "created_at") return { ok: false, message: "sort_by must be created_at" };
  const sortOrder = query.get("sort_order");
  if (sortOrder !== null && sortOrder !== "asc" && sortOrder !== "desc") return { ok: false, message: "sort_order must be asc or desc" };
  const rawLimit = query.get("limit");
  const limit = rawLimit === null ? MAX_LIMIT : Number(rawLimit);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) return { ok: false, message: `limit must be an integer from 1 to ${MAX_LIMIT}` };
  const after = seconds(query.get("q[after]"), "q[after]");
  if (!after.ok) return after;
  const before = seconds(query.get("q[before]"), "q[before]");
  if (!before.ok) return before;
  return { ok: true, value: { order: sortOrder ?? "desc", limit, after: after.value, before: before.value, types: list(query, "types"), inboxes: list(query, "inboxes") } };
}

function listEvents(sim: FrontSimulator, base: string, query: URLSearchParams): Parsed<unknown> {
  const token = query.get("page_token");
  let cursor: Cursor | null = null;
  if (token) {
    cursor = decodeCursor(token);
    if (!cursor) return { ok: false, message: "Invalid page_token" };
  }
  const parsed = cursor ? ({ ok: true, value: cursor } as const) : parseFilters(query);
  if (!parsed.ok) return parsed;
  const f = parsed.value;
  // Front's times have millisecond precision: compare on whole milliseconds.
  const ms = (s: number) => Math.round(s * 1000);
  const sign = f.order === "asc" ? 1 : -1;
  const matching = sim.events
    .map((event, index) => ({ event, index, at: ms(event.emitted_at) }))
    .filter(({ at }) => (f.after === undefined || at > ms(f.after)) && (f.before === undefined || at < ms(f.before)))
    .filter(({ event }) => !f.types || f.types.includes(event.type))
    .filter(({ event }) => !f.inboxes || f.inboxes.includes(sim.inboxOf.get(event.id) ?? ""))
    .sort((a, b) => sign * (a.at - b.at || a.index - b.index));
  const remaining = cursor
    ? matching.filter(({ at, index }) => sign * (at - ms(cursor.lastAt)) > 0 || (at === ms(cursor.lastAt) && sign * (index - cursor.lastIndex) > 0))
    : matching;
  const page = remaining.slice(0, f.limit);
  const last = page.at(-1);
  const next = remaining.length > page.length && last ? `${base}/events?page_token=${encodeCursor({ ...f, lastAt: last.event.emitted_at, lastIndex: last.index })}` : null;
  const self = `${base}/events${query.size ? `?${query.toString()}` : ""}`;
  return { ok: true, value: { _pagination: { next }, _links: { self }, _results: page.map(({ event }) => withLinks(event, base)) } };
}

const withLinks = (event: FrontEvent, base: string): FrontEvent => ({ ...event, _links: { self: `${base}/events/${event.id}` } });

function authorised(sim: FrontSimulator, req: IncomingMessage): boolean {
  if (!sim.apiToken) return true;
  const header = req.headers.authorization ?? "";
  return safeEqual(header, `Bearer ${sim.apiToken}`);
}

/** Counts one API request against the company's budget; false when it was answered 429. */
function withinRateLimit(limiter: SimRateLimiter, sim: FrontSimulator, path: string, res: ServerResponse): boolean {
  const decision = limiter.take(sim.companyId, path.split("/")[1] ?? "");
  res.setHeader("x-ratelimit-limit", String(decision.limit));
  res.setHeader("x-ratelimit-remaining", String(decision.remaining));
  res.setHeader("x-ratelimit-reset", (decision.resetAtMs / 1000).toFixed(3));
  if (decision.allowed) return true;
  res.setHeader("retry-after", String(decision.retryAfterS));
  frontError(res, 429, "Too Many Requests", `Rate limit exceeded, retry in ${decision.retryAfterS} s`);
  return false;
}

async function route(sim: FrontSimulator, limiter: SimRateLimiter, base: string, req: IncomingMessage, res: ServerResponse) {
  const url = new URL(req.url ?? "/", base);
  const path = url.pathname.replace(/\/+$/, "") || "/";
  if (!path.startsWith("/_simulator")) {
    if (!authorised(sim, req)) return frontError(res, 401, "Unauthenticated", "Invalid or missing API token");
    if (!withinRateLimit(limiter, sim, path, res)) return;
  }
  if (req.method === "GET" && path === "/me") {
    return send(res, 200, { _links: { self: `${base}/me` }, name: sim.companyName, id: sim.companyId });
  }
  if (req.method === "GET" && path === "/teammates") return send(res, 200, sim.teammateList(base));
  if (req.method === "GET" && path === "/events") {
    const body = listEvents(sim, base, url.searchParams);
    return body.ok ? send(res, 200, body.value) : frontError(res, 400, "Bad request", body.message);
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
  if (req.method === "POST" && path === "/_simulator/application-webhook/enable") return send(res, 200, sim.enableWebhook());
  if (req.method === "POST" && path === "/_simulator/application-webhook/disable") return send(res, 200, sim.disableWebhook());
  if (req.method === "POST" && path === "/_simulator/messages") {
    const raw = (await readJson(req)) as Omit<FrontMessageSpec, "at"> & { at?: string };
    const spec = { ...raw, at: raw.at ? new Date(raw.at) : new Date() };
    if (url.searchParams.get("deliver") === "false") return send(res, 201, { event: sim.record(spec), delivery: null });
    return send(res, 201, await sim.emit(spec));
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
    const limiter = new SimRateLimiter(sim.opts.ratePerMinute, sim.opts.burstPerSecond, () => sim.opts.now().getTime());
    const server = createServer((req, res) => {
      route(sim, limiter, base, req, res).catch((error: unknown) => frontError(res, 500, "Internal error", String(error)));
    });
    server.listen(port, "127.0.0.1", () => {
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      resolve({ url: base, close: () => new Promise((done) => server.close(() => done())) });
    });
  });
}
