// The Aircall simulator on loopback (node:http), in Aircall's shapes: its calls and users API,
// its media links, and a control surface.
//   GET  /v1/calls?from&to&per_page&page&order   Basic auth (api_id:api_token) when configured;
//                                          60 requests a minute per company: every answer carries
//                                          X-AircallApi-Limit / -Remaining / -Reset (Unix seconds),
//                                          past it 429
//   GET  /v1/calls/:id
//   GET  /v1/users                         the company's users ({ users, meta }), one page
//   GET  /media/calls/:id/:file            a call's recording or voicemail, only through a pre-signed
//                                          link that has not expired (403 AccessDenied otherwise, as S3)
// Simulator-only:
//   GET  /_simulator/health
//   GET  /_simulator/webhook                { url, enabled }
//   PUT  /_simulator/webhook                { url?, enabled? }  where call webhooks go, and whether they are sent
//   POST /_simulator/calls                  an AircallCallSpec (at as ISO; default now) → kept for the API,
//                                          its webhooks posted unless the webhook is off; `lose`: event
//                                          names never delivered (a lost call.ended)
// Webhooks the in-process simulator sends (AircallSimulator) carry media links to this server when it runs.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { postWebhook } from "@/lib/vendors/webhook";
import { safeEqual } from "@/lib/vendors/webhook";
import { SimRateLimiter } from "@/lib/vendors/sim-rate-limit";
import { aircallRequest, aircallUser, type AircallCallSpec, type AircallUserSpec } from "./simulator";
import { callAt, listCalls, parseCallsQuery, simCall, type SimCall } from "./calls-api";
import { checkPresignedUrl, presignMediaUrl } from "./media";

export interface AircallSimOptions {
  /** the token carried in every webhook body (none: this simulator sends no call webhooks) */
  token?: string;
  webhookUrl?: string;
  /** api_id:api_token for Basic auth; none: any request is accepted */
  apiId?: string;
  apiToken?: string;
  ratePerMinute?: number;
  /** the rate window (a minute; shorter only in tests) */
  rateWindowMs?: number;
  /** the company's users, for GET /v1/users */
  users?: AircallUserSpec[];
  /** signs the media links */
  mediaSecret?: string;
  now?: () => Date;
}

export class AircallSimState {
  readonly calls: SimCall[] = [];
  webhook: { url: string | null; enabled: boolean };
  readonly limiter: SimRateLimiter;
  mediaServed = 0;
  constructor(readonly options: AircallSimOptions) {
    this.webhook = { url: options.webhookUrl ?? null, enabled: Boolean(options.webhookUrl && options.token) };
    this.limiter = new SimRateLimiter(options.ratePerMinute ?? 60, null, Date.now, options.rateWindowMs ?? 60_000);
  }

  now(): Date {
    return this.options.now?.() ?? new Date();
  }

  get mediaSecret(): string {
    return this.options.mediaSecret ?? "aircall-simulator-media";
  }

  /** Keep the call for the API and post its webhooks (all but `lose`) in order. */
  async call(spec: AircallCallSpec, lose: string[] = []): Promise<{ call: SimCall; delivered: string[] }> {
    const call = simCall(spec);
    this.calls.push(call);
    const delivered: string[] = [];
    const { url, enabled } = this.webhook;
    const token = this.options.token;
    if (!url || !enabled || !token) return { call, delivered };
    for (const event of call.events) {
      if (lose.includes(event.event)) continue;
      const res = await postWebhook(url, aircallRequest(event, token)).catch(() => null);
      if (!res || res.status < 200 || res.status >= 300) break;
      delivered.push(event.event);
    }
    return { call, delivered };
  }
}

const aircallUserBody = (u: AircallUserSpec) => ({
  ...aircallUser(u),
  created_at: "2024-01-01T00:00:00.000Z",
  time_zone: "Australia/Sydney",
  language: "en-US",
});

/** A few bytes that start like an MP3 file, unique per path. */
export const fakeMp3 = (path: string) => Buffer.concat([Buffer.from("ID3\x04\x00\x00\x00\x00\x00\x00", "binary"), Buffer.from(path)]);

function send(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}") as Record<string, unknown>;
}

function authorised(state: AircallSimState, req: IncomingMessage): boolean {
  const { apiId, apiToken } = state.options;
  if (!apiId || !apiToken) return true;
  return safeEqual(req.headers.authorization ?? "", `Basic ${Buffer.from(`${apiId}:${apiToken}`).toString("base64")}`);
}

function withinRateLimit(state: AircallSimState, res: ServerResponse): boolean {
  const d = state.limiter.take("company", "calls");
  res.setHeader("X-AircallApi-Limit", String(d.limit));
  res.setHeader("X-AircallApi-Remaining", String(d.remaining));
  res.setHeader("X-AircallApi-Reset", String(Math.ceil(d.resetAtMs / 1000)));
  if (d.allowed) return true;
  send(res, 429, { error: "Too Many Requests", troubleshoot: `Rate limit reached, retry after ${new Date(d.resetAtMs).toISOString()}` });
  return false;
}

function serveMedia(state: AircallSimState, url: URL, res: ServerResponse) {
  const check = checkPresignedUrl(url, state.mediaSecret, state.now());
  if (!check.ok) {
    res.writeHead(403, { "content-type": "application/xml" });
    return res.end(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code><Message>${check.reason === "expired" ? "Request has expired" : "Signature does not match"}</Message></Error>`);
  }
  state.mediaServed++;
  res.writeHead(200, { "content-type": "audio/mpeg" });
  res.end(fakeMp3(url.pathname));
}

async function route(state: AircallSimState, base: string, req: IncomingMessage, res: ServerResponse) {
  const url = new URL(req.url ?? "/", base);
  const path = url.pathname.replace(/\/+$/, "") || "/";
  const nowS = Math.floor(Date.now() / 1000);
  if (req.method === "GET" && /^\/media\/calls\/\d+\/[\w.-]+$/.test(path)) return serveMedia(state, url, res);
  if (path.startsWith("/v1/")) {
    if (!authorised(state, req)) return send(res, 401, { error: "Unauthorized", troubleshoot: "Check your api_id and api_token" });
    if (!withinRateLimit(state, res)) return;
    if (req.method === "GET" && path === "/v1/users") {
      const users = (state.options.users ?? []).map(aircallUserBody);
      return send(res, 200, { users, meta: { count: users.length, total: users.length, current_page: 1, per_page: 50, next_page_link: null, previous_page_link: null } });
    }
    if (req.method === "GET" && path === "/v1/calls") {
      const query = parseCallsQuery(url.searchParams);
      return query.ok ? send(res, 200, listCalls(state.calls, query, nowS, base)) : send(res, 400, { error: "Bad Request", troubleshoot: query.message });
    }
    const one = /^\/v1\/calls\/(\d+)$/.exec(path);
    const call = one && state.calls.find((c) => c.id === Number(one[1]));
    const data = call && callAt(call, nowS);
    return data ? send(res, 200, { call: data }) : send(res, 404, { error: "Not found", troubleshoot: `${req.method} ${path}` });
  }
  if (path === "/_simulator/health") return send(res, 200, { ok: true, calls: state.calls.length });
  if (path === "/_simulator/webhook") {
    if (req.method === "PUT") {
      const body = await readJson(req);
      if (typeof body.url === "string") state.webhook.url = body.url;
      if (typeof body.enabled === "boolean") state.webhook.enabled = body.enabled;
      else if (typeof body.url === "string") state.webhook.enabled = true;
    }
    return send(res, 200, state.webhook);
  }
  if (req.method === "POST" && path === "/_simulator/calls") {
    const { lose, at, ...spec } = (await readJson(req)) as Omit<AircallCallSpec, "at"> & { at?: string; lose?: string[] };
    const result = await state.call({ ...spec, at: at ? new Date(at) : new Date() } as AircallCallSpec, Array.isArray(lose) ? lose : []);
    return send(res, 201, { id: result.call.id, delivered: result.delivered });
  }
  return send(res, 404, { error: "Not found", troubleshoot: `${req.method} ${path}` });
}

export interface RunningAircallSim {
  url: string;
  /** A pre-signed link to one of this server's media files, signed now. */
  presign(path: string, expiresS?: number): string;
  /** How many media downloads were served. */
  mediaServed(): number;
  close(): Promise<void>;
}
export type AircallServer = RunningAircallSim;

export function serveAircallSimulator(stateOrOptions: AircallSimState | AircallSimOptions, port = 0): Promise<RunningAircallSim> {
  const state = stateOrOptions instanceof AircallSimState ? stateOrOptions : new AircallSimState(stateOrOptions);
  return new Promise((resolve) => {
    let base = "";
    const server = createServer((req, res) => {
      route(state, base, req, res).catch((error: unknown) => send(res, 500, { error: String(error) }));
    });
    server.listen(port, "127.0.0.1", () => {
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      resolve({
        url: base,
        presign: (path, expiresS) => presignMediaUrl(`${base}/media`, path, state.mediaSecret, state.now(), expiresS),
        mediaServed: () => state.mediaServed,
        close: () =>
          new Promise((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
