import path from "node:path";
import { deploymentMode, startupCheck } from "@/lib/config/deployment";
import { migrate } from "@/lib/db/migrate";
import { webProcessCount } from "@/lib/config/web-processes";
import { createDb } from "@/lib/db/client";
import { DEMO_PASSWORD, DEMO_USERS, isEmpty, seedDemo } from "@/lib/seed/demo-data";
import { build, needsBuild } from "./lib/build";
import { ensureDatabase, provideServer } from "./lib/database";
import { run, stopAll, waitForHttp, type Proc } from "./lib/processes";
import { startSimulators } from "./lib/simulators";
import { webCommand } from "./lib/web";

/**
 * `npm start` / `npm run dev`: database (embedded unless DATABASE_URL), migrations,
 * demo data on an empty database, then web + worker (+ vendor simulators when no
 * vendor credentials are set). Ctrl-C stops everything.
 *
 * Demo mode (NODE_ENV not production) may use dev secrets and simulators, and says
 * so in one line. Production (NODE_ENV=production) refuses to start, naming every
 * missing setting, and never starts a simulator or seeds demo data.
 */
const mode = process.argv[2] === "dev" ? "dev" : "start";
const root = path.resolve(import.meta.dirname, "..");
const port = Number(process.env.PORT ?? 3000);
const say = (s: string) => console.log(`\x1b[1mswitchboard\x1b[0m │ ${s}`);

const procs: Proc[] = [];
let shuttingDown = false;
let stopDb: (() => Promise<void>) | null = null;

async function shutdown(code: number) {
  if (shuttingDown) return;
  shuttingDown = true;
  say("stopping…");
  await stopAll(procs);
  await stopDb?.().catch(() => {});
  say("stopped");
  process.exit(code);
}
process.on("SIGINT", () => void shutdown(0));
process.on("SIGTERM", () => void shutdown(0));

async function main() {
  const check = startupCheck("npm start");
  if (!check.ok) {
    console.error(check.message);
    process.exit(1);
  }
  const production = deploymentMode() === "production";
  const server = await provideServer(process.env.EMBEDDED_PG_DATA || "pg-dev", Number(process.env.EMBEDDED_PG_PORT ?? 54329), say);
  stopDb = server.embedded?.stop ?? null;
  const databaseUrl = process.env.DATABASE_URL ?? (await ensureDatabase(server.serverUrl, "switchboard"));

  const { applied } = await migrate(databaseUrl, { log: say });
  say(applied.length ? `applied ${applied.length} migration(s)` : "migrations are current");
  const db = createDb(databaseUrl, { max: 2 });
  if (!production && (await isEmpty(db))) {
    say("empty database: seeding demo data…");
    await seedDemo(db);
  }
  await db.$disconnect();

  if (mode === "start" && needsBuild(root)) {
    say("building the web app (first start, or sources changed)…");
    build(root);
  }

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    PORT: String(port),
    NEXT_TELEMETRY_DISABLED: "1",
    PUBLIC_BASE_URL: process.env.PUBLIC_BASE_URL ?? `http://localhost:${port}`,
    // explicit for the children: Next sets NODE_ENV=production inside any production build
    SWITCHBOARD_MODE: production ? "production" : "demo",
    // web/main.ts forks this many web processes sharing the port (the dev server is one)
    WEB_PROCESSES: String(webProcessCount(process.env, undefined, mode === "dev")),
  };
  const sims = production ? null : await startSimulators(env, say);
  if (sims) {
    Object.assign(env, sims.env);
    procs.push(...sims.procs);
    say(`demo mode: ${sims.demoSummary} (NODE_ENV=production turns all of that off)`);
  } else say("production mode: real vendors only, no dev secrets, no demo data");

  const tsx = path.join(root, "node_modules/tsx/dist/cli.mjs");
  const web = webCommand(mode);
  procs.push(run("web", web.cmd, web.args, env, 0));
  const workerArgs = mode === "dev" ? [tsx, "watch", "workers/main.ts"] : [tsx, "workers/main.ts"];
  procs.push(run("worker", process.execPath, workerArgs, { ...env, SWITCHBOARD_SERVICE: "worker" }, 1));
  for (const p of procs) {
    void p.exited.then((code) => {
      if (!shuttingDown) {
        say(`${p.name} exited (${code}); stopping everything`);
        void shutdown(code ?? 1);
      }
    });
  }

  await waitForHttp(`http://127.0.0.1:${port}/api/live`, 120_000);
  await sims?.afterWebReady();
  say("");
  say(`ready: http://localhost:${port}`);
  if (sims) {
    say("demo logins:");
    for (const u of DEMO_USERS) say(`  ${u.role.padEnd(8)} ${u.email.padEnd(28)} ${DEMO_PASSWORD}`);
    for (const line of sims.notes) say(line);
  }
  say(`web processes: ${env.WEB_PROCESSES} (WEB_PROCESSES)`);
  say("Ctrl-C stops everything.");
}

main().catch(async (e) => {
  console.error(e);
  await shutdown(1);
});
