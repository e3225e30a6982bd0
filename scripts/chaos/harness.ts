/**
 * What every `npm run chaos` scenario runs against: an embedded Postgres of the
 * suite's own (scenario 2 restarts it), a migrated database, the vendor simulators
 * (scripts/lib/simulators.ts, as `npm start` runs them), two web processes on the
 * production build (web/main.ts, `next start`) behind HAProxy from Debian, and two
 * workers (workers/main.ts). Ports: CHAOS_PORT_BASE (default E2E_SIM_PORT_BASE + 30):
 * the proxy on it, web processes on the next four, simulators from +10;
 * CHAOS_PG_PORT (54352) for Postgres.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createDb, type Db } from "@/lib/db/client";
import { startEmbeddedPostgres, type EmbeddedDb } from "@/lib/db/embedded";
import { migrate } from "@/lib/db/migrate";
import { bundleWorker, spawnWorker, type WorkerProcess } from "../lib/calls/world";
import { dropDatabase, ensureDatabase } from "../lib/database";
import { run, waitForHttp, type Proc } from "../lib/processes";
import { startSimulators, type Simulators } from "../lib/simulators";
import { webCommand } from "../lib/web";

export const say = (s: string) => console.error(`chaos │ ${s}`);
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface WebProcess extends Proc {
  port: number;
  pid: number;
}

export interface Harness {
  /** the proxy: what vendors and browsers reach (PUBLIC_BASE_URL) */
  base: string;
  /** the suite's Postgres server (its `postgres` database): for scripts that make databases of their own */
  serverUrl: string;
  dbUrl: string;
  db: Db;
  env: Record<string, string>;
  sims: Simulators;
  webs: WebProcess[];
  workers: WorkerProcess[];
  /** ports the proxy balances over; a web process listens on one of them */
  webPorts: number[];
  startWeb(port: number): Promise<WebProcess>;
  /** SIGTERM, and resolves when it has exited */
  stopWeb(w: WebProcess): Promise<void>;
  startWorker(): WorkerProcess;
  restartPostgres(downMs: number): Promise<{ stoppedAt: number; startedAt: number }>;
  close(): Promise<void>;
}


/** HAProxy: round robin over the web ports, health-checked on /api/live every 300 ms; a refused connection is retried on another server. */
function haproxyConfig(port: number, webPorts: number[]): string {
  return [
    "global",
    "  maxconn 4096",
    "defaults",
    "  mode http",
    "  timeout connect 2s",
    "  timeout client 30s",
    "  timeout server 30s",
    "  retries 3",
    "  option redispatch 1",
    "  retry-on conn-failure empty-response",
    // one request per server connection: a draining process closes nothing under a reused one
    "  option http-server-close",
    "  option forwardfor",
    "frontend web",
    `  bind 127.0.0.1:${port}`,
    "  default_backend webs",
    "backend webs",
    "  balance roundrobin",
    "  option httpchk GET /api/live",
    "  http-check expect status 200",
    // a check's own timeout defaults to `inter`: on a loaded machine /api/live can take longer than 300 ms
    "  timeout check 3s",
    "  default-server inter 300 fall 2 rise 1",
    ...webPorts.map((p, i) => `  server w${i} 127.0.0.1:${p} check`),
    "",
  ].join("\n");
}

export async function startHarness(): Promise<Harness> {
  if (spawnSync("haproxy", ["-v"]).status !== 0) throw new Error("haproxy is not installed (apt-get install -y haproxy)");
  const portBase = Number(process.env.CHAOS_PORT_BASE ?? Number(process.env.E2E_SIM_PORT_BASE ?? 4240) + 30);
  const pgPort = Number(process.env.CHAOS_PG_PORT ?? 54352);
  const proxyPort = portBase;
  const webPorts = [portBase + 1, portBase + 2, portBase + 3, portBase + 4];
  const base = `http://127.0.0.1:${proxyPort}`;
  const tmp = mkdtempSync(path.join(os.tmpdir(), "sb-chaos-"));
  const procs: Proc[] = [];

  let pg: EmbeddedDb = await startEmbeddedPostgres({ name: "pg-chaos", port: pgPort, log: say });
  const dbName = `sb_chaos_suite_${process.pid}`;
  await dropDatabase(pg.url, dbName);
  const dbUrl = await ensureDatabase(pg.url, dbName);
  await migrate(dbUrl);
  const db = createDb(dbUrl, { max: 4 });

  const baseEnv = { ...process.env, PUBLIC_BASE_URL: base, PORT: String(webPorts[0]) };
  const sims = await startSimulators(baseEnv, say, { portBase: portBase + 10 });
  procs.push(...sims.procs);
  const env: Record<string, string> = {
    ...(Object.fromEntries(Object.entries(process.env).filter(([, v]) => v !== undefined)) as Record<string, string>),
    ...sims.env,
    DATABASE_URL: dbUrl,
    PUBLIC_BASE_URL: base,
    TRUSTED_PROXIES: "127.0.0.1",
    NEXT_TELEMETRY_DISABLED: "1",
    LOG_LEVEL: process.env.LOG_LEVEL ?? "warn",
    FRONT_SYNC_INTERVAL_S: process.env.FRONT_SYNC_INTERVAL_S ?? "2",
    FRONT_SYNC_GRACE_S: process.env.FRONT_SYNC_GRACE_S ?? "5",
    FRONT_RATE_LIMIT_PER_MIN: process.env.FRONT_RATE_LIMIT_PER_MIN ?? "600",
  };

  const cfg = path.join(tmp, "haproxy.cfg");
  writeFileSync(cfg, haproxyConfig(proxyPort, webPorts));
  const proxy = run("haproxy", "haproxy", ["-f", cfg, "-db"], env as NodeJS.ProcessEnv, 4, true);
  procs.push(proxy);

  const webs: WebProcess[] = [];
  const startWeb = async (port: number): Promise<WebProcess> => {
    const cmd = webCommand("start");
    const p = run(`web:${port}`, cmd.cmd, cmd.args, { ...process.env, ...env, PORT: String(port) }, port % 5, true);
    const w: WebProcess = { ...p, port, pid: p.child.pid ?? -1 };
    webs.push(w);
    await waitForHttp(`http://127.0.0.1:${port}/api/live`, 180_000);
    return w;
  };
  const stopWeb = async (w: WebProcess) => {
    w.child.kill("SIGTERM");
    await w.exited;
    webs.splice(webs.indexOf(w), 1);
  };
  // the workers run compiled, as in the image (CHAOS_WORKER=tsx: from source)
  if (process.env.CHAOS_WORKER !== "tsx") await bundleWorker();
  const workers: WorkerProcess[] = [];
  const workerLines: string[] = [];
  const startWorker = () => {
    const w = spawnWorker(env, (l) => {
      if (/"level":"(error|fatal)"/.test(l) && workerLines.push(l) > 50) workerLines.shift();
    });
    workers.push(w);
    void w.exited.then(() => workers.splice(workers.indexOf(w), 1));
    return w;
  };

  await Promise.all([startWeb(webPorts[0] as number), startWeb(webPorts[1] as number)]);
  await waitForHttp(`${base}/api/live`, 30_000);
  await sims.afterWebReady();
  startWorker();
  startWorker();
  const until = Date.now() + 120_000;
  while ((await db.workerHeartbeat.count()) < 2 && Date.now() < until) await sleep(250);
  say(`suite up: proxy ${base}, web ${webs.map((w) => w.port).join(", ")}, 2 workers, Postgres on ${pgPort}`);

  return {
    base,
    serverUrl: pg.url,
    dbUrl,
    db,
    env,
    sims,
    webs,
    workers,
    webPorts,
    startWeb,
    stopWeb,
    startWorker,
    async restartPostgres(downMs) {
      await pg.stop();
      const stoppedAt = Date.now();
      await sleep(downMs);
      pg = await startEmbeddedPostgres({ name: "pg-chaos", port: pgPort, log: say });
      return { stoppedAt, startedAt: Date.now() };
    },
    async close() {
      for (const w of [...workers]) {
        w.child.kill("SIGTERM");
        await Promise.race([w.exited, sleep(20_000).then(() => w.child.kill("SIGKILL"))]);
      }
      for (const p of [...webs, ...procs]) {
        if (p.child.exitCode !== null || p.child.signalCode !== null) continue;
        p.child.kill("SIGTERM");
        await Promise.race([p.exited, sleep(15_000).then(() => p.child.kill("SIGKILL"))]);
      }
      await db.$disconnect();
      await dropDatabase(pg.url, dbName).catch(() => {});
      await pg.stop();
      rmSync(tmp, { recursive: true, force: true });
      if (workerLines.length) say(`worker errors (last ${workerLines.length}):\n${workerLines.slice(-5).join("\n")}`);
    },
  };
}

/** A process's resident set, in MB (Linux). */
export function rssMb(pid: number): number | null {
  try {
    const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
    return kb ? Math.round(Number(kb) / 102.4) / 10 : null;
  } catch {
    return null;
  }
}

/** The figures every scenario prints, plus its own. */
export interface ScenarioResult {
  scenario: string;
  ok: boolean;
  sent: number;
  acknowledged: number;
  stored: number;
  lost: number;
  duplicated: number;
  [figure: string]: unknown;
}


