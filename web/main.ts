/**
 * The web process: Next.js (pages, API, webhook route handlers) behind our front
 * door (lib/http/front-door.ts), which resolves the client's address and refuses
 * oversized bodies before Next reads anything. `--dev` runs Next's dev server.
 * Refuses to start in production while a required setting is missing. Runs from a checkout
 * (tsx) and, bundled as dist/web.mjs, inside Next's standalone output in the image (Dockerfile).
 * With WEB_PROCESSES > 1 (default: one per core, lib/config/web-processes.ts) this process
 * is a cluster primary: it forks that many of itself, which share the port (the primary
 * hands each new connection to the next in turn), and stops them all when one dies.
 */
import cluster from "node:cluster";
import { existsSync, readFileSync } from "node:fs";
import { createServer } from "node:http";
import path from "node:path";
import next from "next";
import { assertSafeToStart } from "@/lib/config/deployment";
import { WEB_DRAIN_MS } from "@/lib/config/drain";
import { frontDoor, frontDoorConfig } from "@/lib/http/front-door";
import { shedConfig, WebhookShedder } from "@/lib/http/load-shed";
import { LoopLag } from "@/lib/http/loop-lag";
import { laneHandler, serveLane } from "@/lib/http/webhook-lane";
import { webhookRoutes } from "@/lib/http/webhook-routes";
import { stopHub } from "@/lib/realtime/hub-singleton";
import { webProcessCount } from "@/lib/config/web-processes";
import { getDb } from "@/lib/db/client";

const dev = process.argv.includes("--dev");
const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST || undefined;

assertSafeToStart("web");
const processes = webProcessCount(process.env, undefined, dev);
if (cluster.isPrimary && processes > 1) await runPrimary(processes);
else await runServer();

async function runPrimary(n: number): Promise<void> {
  let stopping = false;
  for (let i = 0; i < n; i++) cluster.fork();
  console.log(`web: ${n} processes sharing port ${port} (WEB_PROCESSES)`);
  cluster.on("exit", (worker, code) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    // one web process gone: stop the rest, so the launcher sees the failure
    console.error(`web: process ${worker.process.pid} exited (${code}); stopping`);
    stopAll();
    process.exitCode = code ?? 1;
  });
  const stopAll = () => {
    stopping = true;
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill("SIGTERM");
    if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(process.exitCode ?? 0);
    setTimeout(() => process.exit(process.exitCode ?? 0), WEB_DRAIN_MS + 2_000).unref();
  };
  process.on("SIGTERM", stopAll);
  process.on("SIGINT", stopAll);
}

async function runServer(): Promise<void> {
  const door = frontDoorConfig();
  if (!door.ok) {
    console.error(`web: ${door.problem}`);
    process.exit(1);
  }
  const config = door.config;

  const dir = path.resolve(import.meta.dirname, "..");
  // A production build carries its resolved config; hand it to Next as its own standalone server.js
  // does, so the image needs no next.config.ts (and a checkout's build serves the config it was built with).
  const builtConfig = path.join(dir, ".next", "required-server-files.json");
  if (!dev && !process.env.__NEXT_PRIVATE_STANDALONE_CONFIG && existsSync(builtConfig)) {
    process.env.__NEXT_PRIVATE_STANDALONE_CONFIG = JSON.stringify(JSON.parse(readFileSync(builtConfig, "utf8")).config);
  }

  const app = next({ dev, dir, hostname: "localhost", port });
  const handle = app.getRequestHandler();
  await app.prepare();
  // The first request a fresh process serves should not also pay for the database client and
  // its first connection (with several processes, each has a first request). Best effort.
  await getDb()
    .$queryRaw`SELECT 1`
    .catch(() => {});

  const shed = shedConfig();
  const shedder = new WebhookShedder(shed, shed.lag ? new LoopLag(shed.lag).start() : undefined);
  // webhooks go straight to their route handlers (lib/http/webhook-lane.ts); the dev server
  // leaves them to Next, so editing a webhook route reloads as any other route does
  const lane = dev ? new Map() : webhookRoutes();
  const server = createServer((req, res) => {
    if (!frontDoor(req, res, config)) return;
    const webhook = laneHandler(lane, req);
    shedder.serve(req, res, webhook ? () => serveLane(req, res, webhook, config.maxBodyBytes) : () => handle(req, res));
  });
  // keep-alive connections outlive a proxy's or load balancer's idle timeout (60 s is common),
  // so the server never closes one a client is just reusing (a reset the vendor sees as failure)
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  server.listen(port, host, () => console.log(`web: listening on ${host ?? "*"}:${port} (${dev ? "dev" : "production build"})`));

  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    // finish what is in flight, take nothing new; a request that hangs does not hold the exit
    const force = setTimeout(() => process.exit(0), WEB_DRAIN_MS);
    force.unref();
    server.close(() => void app.close().finally(() => process.exit(0)));
    // event streams never finish by themselves: end them, and browsers reconnect to another process
    void stopHub().catch(() => {});
    // a keep-alive connection whose last response ends meanwhile (every event stream) would
    // otherwise hold server.close() for its idle timeout
    server.closeIdleConnections();
    setInterval(() => server.closeIdleConnections(), 100).unref();
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}
