/**
 * The web process: Next.js (pages, API, webhook route handlers) behind our front
 * door (lib/http/front-door.ts), which resolves the client's address and refuses
 * oversized bodies before Next reads anything. `--dev` runs Next's dev server.
 * Refuses to start in production while a required setting is missing. Runs from a checkout
 * (tsx) and, bundled as dist/web.mjs, inside Next's standalone output in the image (Dockerfile).
 */
import { existsSync, readFileSync } from "node:fs";
import { createServer } from "node:http";
import path from "node:path";
import next from "next";
import { assertSafeToStart } from "@/lib/config/deployment";
import { WEB_DRAIN_MS } from "@/lib/config/drain";
import { frontDoor, frontDoorConfig } from "@/lib/http/front-door";
import { stopHub } from "@/lib/realtime/hub-singleton";

const dev = process.argv.includes("--dev");
const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST || undefined;

assertSafeToStart("web");
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

const server = createServer((req, res) => {
  if (frontDoor(req, res, config)) void handle(req, res);
});
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
