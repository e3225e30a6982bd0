import path from "node:path";
import { createDb } from "@/lib/db/client";
import { migrate } from "@/lib/db/migrate";
import { seedDemo } from "@/lib/seed/demo-data";
import { assertLocalDatabase } from "@/tests/support/local-only";
import { dropDatabase, ensureDatabase, provideServer } from "./lib/database";
import { run, stopAll, waitForHttp, waitForOutput, type Proc } from "./lib/processes";
import { startSimulators } from "./lib/simulators";
import { webCommand } from "./lib/web";

/**
 * The app as Playwright sees it: a database of its own (created, migrated and
 * seeded here, dropped on exit), the web process (production build) on E2E_PORT, and the worker.
 */
const root = path.resolve(import.meta.dirname, "..");
const port = Number(process.env.E2E_PORT ?? 3100);
const server = await provideServer("pg-test", Number(process.env.EMBEDDED_PG_TEST_PORT ?? 54330), console.log);
assertLocalDatabase(server.serverUrl);
const dbName = `sb_e2e_${process.pid}`;
await dropDatabase(server.serverUrl, dbName);
const url = await ensureDatabase(server.serverUrl, dbName);
console.log(`e2e database ${dbName}`);
await migrate(url);
const db = createDb(url, { max: 2 });
await seedDemo(db, { people: 40 });
await db.$disconnect();

const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: url, PORT: String(port), PUBLIC_BASE_URL: `http://localhost:${port}`, NEXT_TELEMETRY_DISABLED: "1" };
const procs: Proc[] = [];
const sims = await startSimulators(env, console.log, { portBase: Number(process.env.E2E_SIM_PORT_BASE ?? 4110) });
Object.assign(env, sims.env);
procs.push(...sims.procs);
const worker = run("worker", process.execPath, [path.join(root, "node_modules/tsx/dist/cli.mjs"), "workers/main.ts"], { ...env, SWITCHBOARD_SERVICE: "worker" }, 1);
procs.push(worker);
// The web starts once the worker runs (Playwright waits for the web): a test's first call is routed at once,
// not after a worker still booting on a loaded machine.
await waitForOutput(worker, "worker started", 180_000);
const web = webCommand("start");
procs.push(run("web", web.cmd, web.args, env, 0));
void waitForHttp(`http://127.0.0.1:${port}/api/live`, 180_000).then(() => sims.afterWebReady());

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  await stopAll(procs, 10_000);
  // E2E_KEEP_DB=1 keeps the run's database for a post-mortem (its name is printed at start)
  if (!process.env.E2E_KEEP_DB) await dropDatabase(server.serverUrl, dbName).catch(() => {});
  await server.embedded?.stop();
  process.exit(0);
}
process.on("SIGTERM", () => void stop());
process.on("SIGINT", () => void stop());
