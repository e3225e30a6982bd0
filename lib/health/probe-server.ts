import { createServer, type Server } from "node:http";
import type { Db } from "@/lib/db/client";
import { checkHealth } from "./check-health";

/**
 * The worker's probe endpoints, answering like the web's routes of the same paths
 * (app/api/health, app/api/live) so one Kubernetes probe spec fits both:
 * `/api/live` 200 while the process answers; `/api/health` 200 when the database answers
 * and migrations are current and `ready()` says the process has started its work, else 503
 * (a rolling update waits for it before it stops an old pod). Nothing else is served.
 */
export async function startProbeServer(
  db: Db,
  port: number,
  opts: { host?: string; ready?: () => boolean } = {},
): Promise<{ port: number; stop: () => Promise<void> }> {
  const ready = opts.ready ?? (() => true);
  const server: Server = createServer((req, res) => {
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" });
      res.end(JSON.stringify(body));
    };
    const path = (req.url ?? "/").split("?")[0];
    if (req.method !== "GET") return send(405, { error: "method not allowed" });
    if (path === "/api/live") return send(200, { ok: true });
    if (path === "/api/health") {
      void checkHealth(db).then(({ ok, ...body }) => send(ok && ready() ? 200 : 503, { ...body, started: ready() }));
      return;
    }
    send(404, { error: "not found" });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, opts.host, () => resolve());
  });
  const address = server.address();
  return {
    port: typeof address === "object" && address ? address.port : port,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** `WORKER_PROBE_PORT`: unset or empty → no probe server (npm start, tests); a port → serve the probes there. */
export function probePort(env: Record<string, string | undefined> = process.env): number | null {
  const raw = env.WORKER_PROBE_PORT?.trim();
  if (!raw) return null;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65_535) throw new Error(`WORKER_PROBE_PORT must be a port number (not "${raw}")`);
  return port;
}
