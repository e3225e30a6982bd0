/** node:http plumbing: read the body, route to REST or control, write Twilio-shaped answers. */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Sim } from "./context";
import { handleControl } from "./control";
import { ConnectionReset, TwilioApiError } from "./format";
import type { TwilioSimulator } from "./index";
import { UNAUTHORIZED, authorized, handleRest, isRestPath } from "./rest";
import { handleVoice } from "./voice-http";

const MAX_BODY = 1024 * 1024;

export function requestHandler(sim: Sim, facade: () => TwilioSimulator) {
  return (req: IncomingMessage, res: ServerResponse) => {
    void handle(sim, facade(), req, res).catch((err: unknown) => {
      if (err instanceof ConnectionReset) return void req.socket.destroy();
      const e = err instanceof TwilioApiError ? err : new TwilioApiError(500, 20500, "Internal Server Error");
      if (!(err instanceof TwilioApiError)) console.error("[twilio-sim]", err);
      sendJson(res, e.status, e.body(), e.status === 401 ? { "WWW-Authenticate": 'Basic realm="Twilio API"' } : {});
    });
  };
}

async function handle(sim: Sim, facade: TwilioSimulator, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? "/", "http://sim.local");
  const method = (req.method ?? "GET").toUpperCase();
  const raw = await readBody(req);
  if (url.pathname.startsWith("/_sim/")) {
    const type = req.headers["content-type"] ?? "";
    const body = raw.length === 0 ? undefined : type.includes("json") ? safeJson(raw) : Object.fromEntries(new URLSearchParams(raw));
    // simulated phones: their own signalling, answered with CORS (a browser on the app's origin talks to it)
    if (url.pathname.startsWith("/_sim/voice/")) return handleVoice(sim, req, res, method, url, body);
    const r = await handleControl(facade, method, url.pathname, body);
    return sendJson(res, r.status, r.json);
  }
  if (!isRestPath(url.pathname)) throw new TwilioApiError(404, 20404, `The requested resource ${url.pathname} was not found`);
  // recording media is public by default on Twilio (unless media auth is turned on)
  const publicMedia = method === "GET" && /\/Recordings\/RE[0-9a-f]{32}(\.(wav|mp3))?$/.test(url.pathname);
  if (!publicMedia && !authorized(sim, req.headers.authorization)) throw UNAUTHORIZED;
  const out = handleRest(sim, method, url.pathname, url.searchParams, new URLSearchParams(raw));
  if (out.body) {
    res.writeHead(out.status, { "Content-Type": out.contentType ?? "application/octet-stream", "Content-Length": out.body.length });
    res.end(out.body);
  } else if (out.json === undefined) {
    res.writeHead(out.status);
    res.end();
  } else {
    sendJson(res, out.status, out.json);
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new TwilioApiError(413, 20001, "Request body too large"));
        req.destroy();
      } else chunks.push(c);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function safeJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    throw new TwilioApiError(400, 20001, "Invalid JSON");
  }
}

function sendJson(res: ServerResponse, status: number, json: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent) return;
  const body = JSON.stringify(json);
  res.writeHead(status, { "Content-Type": "application/json; charset=utf-8", "Content-Length": Buffer.byteLength(body), ...headers });
  res.end(body);
}
