/**
 * `npm run image:smoke`: the images, run against a real Postgres.
 *
 * With a Docker daemon (`docker info` answers): builds both targets of the Dockerfile, runs the
 * migrations container, then the web and worker containers (`--network host`, production mode
 * with placeholder vendor settings), waits for each one's /api/health, and stops them (SIGTERM:
 * the drain, timed). Without one it says so and, unless `--docker-only`, runs the same steps on
 * the image's file layout instead: the Dockerfile's COPY lines reproduced in a temporary
 * directory (Next's standalone output + dist/*.mjs + prisma/migrations; the worker on this
 * checkout's node_modules) and run with this machine's node. That proves the bundles and the
 * standalone tree serve; it does not prove the image builds.
 *
 * DATABASE_URL: the server to use (default postgres://postgres@127.0.0.1:5432); the database is
 * sb_image_smoke on it, created when missing. Last stdout line: JSON.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { withDatabase } from "@/lib/db/embedded";
import { ensureDatabase } from "./lib/database";
import { run, stopAll, type Proc } from "./lib/processes";

const root = path.resolve(import.meta.dirname, "..");
const WEB_PORT = Number(process.env.IMAGE_SMOKE_PORT ?? 3190);
const PROBE_PORT = WEB_PORT + 1;
const server = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

/** Every variable production requires, with placeholder values (nothing here is a real secret). */
function productionEnv(databaseUrl: string): Record<string, string> & { NODE_ENV: "production" } {
  const placeholder = (name: string) => `image-smoke-${name.toLowerCase()}-0000000000000000`;
  const names = ["BETTER_AUTH_SECRET", "TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_API_KEY_SID", "TWILIO_API_KEY_SECRET", "FRONT_APP_SECRET", "AIRCALL_WEBHOOK_TOKEN", "SHOPIFY_WEBHOOK_SECRET", "SOURCES_WEBHOOK_SECRET"];
  return {
    NODE_ENV: "production",
    SWITCHBOARD_MODE: "production",
    DATABASE_URL: databaseUrl,
    PUBLIC_BASE_URL: `http://127.0.0.1:${WEB_PORT}`,
    PORT: String(WEB_PORT),
    WORKER_PROBE_PORT: String(PROBE_PORT),
    LOG_LEVEL: "warn",
    ...Object.fromEntries(names.map((n) => [n, placeholder(n)])),
    // shaped like Twilio's ids, or the worker leaves its call actors off
    TWILIO_ACCOUNT_SID: `AC${"0".repeat(32)}`,
    TWILIO_API_KEY_SID: `SK${"0".repeat(32)}`,
  };
}

async function healthy(url: string, timeoutMs: number): Promise<{ status: number; body: unknown; ms: number }> {
  const t0 = Date.now();
  let last = { status: 0, body: null as unknown };
  while (Date.now() - t0 < timeoutMs) {
    try {
      const res = await fetch(url);
      last = { status: res.status, body: await res.json() };
      if (res.status === 200) return { ...last, ms: Date.now() - t0 };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${url} not healthy within ${timeoutMs / 1000} s (last: ${JSON.stringify(last)})`);
}

async function stopTimed(p: Proc): Promise<{ exit: number | null; ms: number }> {
  const t0 = Date.now();
  await stopAll([p], 60_000);
  return { exit: await p.exited, ms: Date.now() - t0 };
}

function dockerAvailable(): { ok: true } | { ok: false; why: string } {
  const r = spawnSync("docker", ["info", "--format", "{{.ServerVersion}}"], { encoding: "utf8" });
  if (r.error) return { ok: false, why: `docker CLI: ${r.error.message}` };
  if (r.status !== 0) return { ok: false, why: (r.stderr || r.stdout).trim().split("\n").at(-1) ?? `exit ${r.status}` };
  return { ok: true };
}

/** The Dockerfile's web and worker stages as directories (what their COPY lines put in /app). */
function imageLayout(): { web: string; worker: string; cleanup: () => void } {
  for (const need of [".next/standalone/server.js", "dist/web.mjs", "dist/worker.mjs", "dist/migrate.mjs"]) {
    if (!existsSync(path.join(root, need))) throw new Error(`${need} is missing: run \`npm run build && npm run bundle\` first`);
  }
  const base = mkdtempSync(path.join(os.tmpdir(), "sb-image-"));
  const web = path.join(base, "web");
  const worker = path.join(base, "worker");
  cpSync(path.join(root, ".next/standalone"), web, { recursive: true });
  cpSync(path.join(root, ".next/static"), path.join(web, ".next/static"), { recursive: true });
  cpSync(path.join(root, "public"), path.join(web, "public"), { recursive: true });
  for (const dir of [web, worker]) cpSync(path.join(root, "prisma/migrations"), path.join(dir, "prisma/migrations"), { recursive: true });
  cpSync(path.join(root, "dist/web.mjs"), path.join(web, "dist/web.mjs"));
  for (const f of ["worker.mjs", "migrate.mjs", "package.json"]) cpSync(path.join(root, f === "package.json" ? f : `dist/${f}`), path.join(worker, f === "package.json" ? f : `dist/${f}`));
  symlinkSync(path.join(root, "node_modules"), path.join(worker, "node_modules"));
  return { web, worker, cleanup: () => rmSync(base, { recursive: true, force: true }) };
}

async function main() {
  const docker = dockerAvailable();
  const databaseUrl = await ensureDatabase(withDatabase(server, "postgres"), "sb_image_smoke");
  const env = productionEnv(databaseUrl);
  const procs: Proc[] = [];
  let cleanup = () => {};
  const result: Record<string, unknown> = { docker: docker.ok ? "daemon" : `no daemon: ${docker.why}` };
  try {
    let web: Proc, worker: Proc;
    if (docker.ok) {
      for (const target of ["web", "worker"]) execFileSync("docker", ["build", "--target", target, "-t", `switchboard-${target}:smoke`, root], { stdio: "inherit" });
      const envArgs = Object.entries(env).flatMap(([k, v]) => ["-e", `${k}=${v}`]);
      execFileSync("docker", ["run", "--rm", "--network", "host", ...envArgs, "switchboard-worker:smoke", "node", "dist/migrate.mjs"], { stdio: "inherit" });
      web = run("web", "docker", ["run", "--rm", "--init", "--network", "host", "--name", "sb-smoke-web", ...envArgs, "switchboard-web:smoke"], process.env, 0);
      worker = run("worker", "docker", ["run", "--rm", "--init", "--network", "host", "--name", "sb-smoke-worker", ...envArgs, "switchboard-worker:smoke"], process.env, 1);
      result.mode = "docker images";
    } else {
      console.log(`image:smoke: no Docker daemon (${docker.why}): the image is NOT built here.`);
      if (process.argv.includes("--docker-only")) {
        console.log(JSON.stringify({ ...result, skipped: true }));
        return;
      }
      console.log("image:smoke: running the image's file layout with this machine's node instead");
      const layout = imageLayout();
      cleanup = layout.cleanup;
      const childEnv = { PATH: process.env.PATH ?? "", HOME: os.tmpdir(), ...env } as NodeJS.ProcessEnv;
      execFileSync(process.execPath, ["dist/migrate.mjs"], { cwd: layout.worker, env: childEnv, stdio: "inherit" });
      web = runIn(layout.web, "web", childEnv, 0);
      worker = runIn(layout.worker, "worker", childEnv, 1);
      result.mode = "image file layout, local node (no image built)";
    }
    procs.push(web, worker);
    result.web_health = await healthy(`http://127.0.0.1:${WEB_PORT}/api/health`, 180_000);
    result.worker_health = await healthy(`http://127.0.0.1:${PROBE_PORT}/api/health`, 120_000);
    const live = await fetch(`http://127.0.0.1:${WEB_PORT}/api/live`);
    result.web_live = live.status;
    const page = await fetch(`http://127.0.0.1:${WEB_PORT}/login`);
    result.login_page = page.status;
    result.web_stop = await stopTimed(web);
    result.worker_stop = await stopTimed(worker);
    console.log(JSON.stringify(result));
  } finally {
    await stopAll(procs, 5_000);
    cleanup();
  }
}

function runIn(cwd: string, name: string, env: NodeJS.ProcessEnv, i: number): Proc {
  // the entry as the image's CMD runs it, from the image's WORKDIR
  return run(name, "sh", ["-c", `cd "${cwd}" && exec "${process.execPath}" dist/${name}.mjs`], env, i);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
});
