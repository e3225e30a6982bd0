import http from "node:http";
import path from "node:path";
import pg from "pg";
import { createDb } from "@/lib/db/client";
import { migrate } from "@/lib/db/migrate";
import { signTwilio } from "@/lib/vendors/twilio/verify";
import { build, needsBuild } from "./lib/build";
import { dropDatabase, ensureDatabase, provideServer } from "./lib/database";
import { openLoop, summarise, type PlannedRequest } from "./lib/open-loop";
import { webCommand } from "./lib/web";
import { cpuSeconds } from "./lib/proc-cpu";
import { run, stopAll, waitForHttp, waitForOutput, type Proc } from "./lib/processes";

/**
 * `npm run bench:ingest`: signed Twilio SMS webhooks, open loop (lib/open-loop.ts), against
 * two servers on the same Postgres in one run, the worker processing throughout:
 * - the floor: bare node:http + the same signature check + one INSERT (lib/floor-server.ts);
 * - the product: the production build (web/main.ts: our front door around `next start`).
 * For each: fixed rates (200/s, 500/s; BENCH_SECONDS each, interleaved floor/product), then a
 * capacity search (the highest rate whose p99 ≤ 25 ms with every answer a 2xx; BENCH_STEP_SECONDS
 * a step). Then the product at 2× its capacity (overload: shed, timeouts at 5 s, p99 of what
 * was accepted), then a drain phase (a backlog stored with the worker stopped, timed until
 * processed; BENCH_BACKLOG=0 skips it). lost/duplicates compare what was acknowledged (2xx)
 * with what is stored. Each phase starts once the worker has processed what earlier phases
 * stored (settle). Prints per-phase figures; the last line is one JSON object.
 * BENCH_DB names the database (created afresh, dropped after); WEB_PROCESSES as for npm start;
 * WEB_NODE_FLAGS and FLOOR_NODE_FLAGS go to the two servers' node (e.g. --cpu-prof to compare them).
 */
const root = path.resolve(import.meta.dirname, "..");
const PORT = Number(process.env.BENCH_PORT ?? 3200);
const FLOOR_PORT = PORT + 1;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
const STEP_SECONDS = Number(process.env.BENCH_STEP_SECONDS ?? 5);
const BACKLOG = Number(process.env.BENCH_BACKLOG ?? 20_000);
const CAPACITY_P99_MS = 25;
/** Front switches a webhook off past 5 s; Twilio waits 15 s. A request unanswered for 5 s has timed out. */
const VENDOR_TIMEOUT_MS = 5_000;
const TOKEN = "bench-twilio-auth-token-000000000";
const URL_PATH = "/api/webhooks/twilio/sms";
const STAFF_LINE = "+61280009999";
const PEOPLE = 2_000;

const log = (s: string) => console.error(s);
let seq = 0;
const acked = new Set<string>();
let sent = 0;

function phoneOf(i: number): string {
  return `+614${String(20_000_000 + i).slice(-8)}`;
}

/** Request i to the server at `base`: a new message from one of PEOPLE known customers (1 in 10 unknown), signed as Twilio signs it. */
function plan(base: string, i: number): PlannedRequest {
  const n = ++seq;
  const sid = `SM${n.toString(16).padStart(32, "0")}`;
  const params = {
    MessageSid: sid, SmsSid: sid, AccountSid: "AC00000000000000000000000000000000",
    From: n % 10 !== 0 ? phoneOf(n % PEOPLE) : `+6149${String(n).padStart(7, "0").slice(-7)}`,
    To: STAFF_LINE, Body: `bench message ${n} (${i})`, NumMedia: "0", ApiVersion: "2010-04-01",
  };
  return {
    id: sid,
    path: URL_PATH,
    headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": signTwilio(TOKEN, `${base}${URL_PATH}`, params) },
    body: new URLSearchParams(params).toString(),
  };
}

type Target = { name: "floor" | "product"; port: number; base: string; pid?: number };
const floor: Target = { name: "floor", port: FLOOR_PORT, base: `http://localhost:${FLOOR_PORT}` };
const product: Target = { name: "product", port: PORT, base: `http://localhost:${PORT}` };
const agents = { floor: new http.Agent({ keepAlive: true, maxSockets: 256 }), product: new http.Agent({ keepAlive: true, maxSockets: 256 }) };
let shedStored = 0;
const shedIds: string[] = [];

/**
 * Waits (up to a minute) until the worker has processed what earlier phases stored: a phase
 * measures answers beside the worker processing that phase's own events, not a backlog the
 * other target left (the floor stores 1,500/s in its capacity search, and the worker's catching
 * up took a core from the product's next steps: p99 30–50 ms at 63/s).
 */
async function settle(): Promise<void> {
  if (!settleClient) return;
  const until = Date.now() + 60_000;
  while (Date.now() < until && (await pending(settleClient)) > 0) await new Promise((r) => setTimeout(r, 200));
}
let settleClient: pg.Client | null = null;

async function load(t: Target, rate: number, seconds: number) {
  await settle();
  const cpu0 = cpuSeconds(t.pid);
  const r = await openLoop({ host: "127.0.0.1", port: t.port, rate, seconds, plan: (i) => plan(t.base, i), agent: agents[t.name], timeoutMs: VENDOR_TIMEOUT_MS });
  sent += r.sent;
  for (const id of r.acked) acked.add(id);
  shedIds.push(...r.shedIds);
  const cpu1 = cpuSeconds(t.pid);
  // what the server's processes spent per request answered (shed ones included: they cost too)
  const cpuUsPerReq = cpu0 !== null && cpu1 !== null && r.sent > 0 ? Math.round(((cpu1 - cpu0) * 1e6) / r.sent) : null;
  const s = { target: t.name, ...summarise(r), shed_without_retry_after: r.shedWithoutRetryAfter, cpu_us_per_req: cpuUsPerReq };
  log(JSON.stringify(s));
  return s;
}

/** The highest rate with p99 ≤ 25 ms and nothing but 2xx: up by 1.5× until a step fails, then 4 bisections. */
async function capacity(t: Target): Promise<number> {
  const passes = async (rate: number) => {
    const r = await load(t, rate, STEP_SECONDS);
    await new Promise((res) => setTimeout(res, 1_000));
    return r.p99_ms <= CAPACITY_P99_MS && r.ok === r.sent;
  };
  let good = 0;
  let bad = 0;
  for (let rate = 200; rate <= 8_000; rate = Math.round(rate * 1.5)) {
    if (await passes(rate)) good = rate;
    else {
      bad = rate;
      break;
    }
  }
  if (!bad) return good;
  for (let i = 0; i < 4 && bad - good > 20; i++) {
    const mid = Math.round((good + bad) / 2);
    if (await passes(mid)) good = mid;
    else bad = mid;
  }
  return good;
}

async function pending(q: pg.Client): Promise<number> {
  return Number((await q.query("SELECT count(*) AS n FROM incoming_events WHERE status = 'pending'")).rows[0].n);
}

async function main() {
  if (needsBuild(root)) {
    log("building the web app…");
    build(root);
  }
  const server = await provideServer("pg-test", Number(process.env.EMBEDDED_PG_TEST_PORT ?? 54330), log);
  const dbName = process.env.BENCH_DB ?? `sb_bench_ingest_${process.pid}`;
  await dropDatabase(server.serverUrl, dbName);
  const url = await ensureDatabase(server.serverUrl, dbName);
  const procs: Proc[] = [];
  const q = new pg.Client({ connectionString: url });
  try {
    await migrate(url);
    const db = createDb(url, { max: 2 });
    const staff = await db.staff.create({ data: { displayName: "Bench desk", presence: "available" } });
    const since = new Date("2025-01-01");
    await db.contactPoint.create({ data: { kind: "phone", value: STAFF_LINE, staffId: staff.id, validFrom: since, firstSeenAt: since, lastSeenAt: since, origin: "bench" } });
    for (let i = 0; i < PEOPLE; i += 500) {
      const people = await db.person.createManyAndReturn({ data: Array.from({ length: 500 }, (_, k) => ({ firstName: `P${i + k}` })), select: { id: true } });
      await db.contactPoint.createMany({
        data: people.map((p, k) => ({ kind: "phone" as const, value: phoneOf(i + k), personId: p.id, validFrom: since, firstSeenAt: since, lastSeenAt: since, origin: "bench" })),
      });
    }
    await db.$disconnect();
    await q.connect();
    if (!process.env.BENCH_NO_WORKER) settleClient = q;

    const env = { ...process.env, DATABASE_URL: url, PORT: String(PORT), PUBLIC_BASE_URL: product.base, TWILIO_AUTH_TOKEN: TOKEN, NEXT_TELEMETRY_DISABLED: "1", LOG_LEVEL: "warn", SWITCHBOARD_MODE: "demo" };
    const web = webCommand("start", (process.env.WEB_NODE_FLAGS ?? "").split(" ").filter(Boolean));
    const webProc = run("web", web.cmd, web.args, env, 0);
    product.pid = webProc.child.pid;
    procs.push(webProc);
    const floorFlags = (process.env.FLOOR_NODE_FLAGS ?? "").split(" ").filter(Boolean);
    const floorProc = run("floor", process.execPath, [...floorFlags, "--import", "tsx", path.join(root, "scripts/lib/floor-server.ts")], { ...env, PORT: String(FLOOR_PORT), PUBLIC_BASE_URL: floor.base }, 2);
    floor.pid = floorProc.child.pid;
    procs.push(floorProc);
    const startWorker = () => run("worker", process.execPath, [path.join(root, "node_modules/tsx/dist/cli.mjs"), "workers/main.ts"], { ...env, SWITCHBOARD_SERVICE: "worker" }, 1);
    // BENCH_NO_WORKER=1: the answers alone, to see what the worker's processing costs them.
    let worker = process.env.BENCH_NO_WORKER ? run("idle", process.execPath, ["-e", "setInterval(() => {}, 1e9)"], env, 1) : startWorker();
    procs.push(worker);
    // our own servers, not whatever else answers on the port
    await Promise.all([waitForOutput(webProc, "listening on", 300_000), waitForOutput(floorProc, "listening on", 300_000)]);
    await waitForHttp(`http://127.0.0.1:${PORT}/api/live`);
    log("warming up…");
    await load(floor, 300, 5);
    await load(product, 300, 10);

    const fixed: Record<string, Record<number, Awaited<ReturnType<typeof load>>>> = { floor: {}, product: {} };
    for (const rate of [200, 500]) {
      for (const t of [floor, product]) {
        log(`${t.name}: ${rate} requests/s for ${SECONDS} s…`);
        fixed[t.name]![rate] = await load(t, rate, SECONDS);
      }
    }
    log("capacity search (floor)…");
    const floorCapacity = await capacity(floor);
    log(`floor capacity: ${floorCapacity}/s`);
    log("capacity search (product)…");
    const productCapacity = await capacity(product);
    log(`product capacity: ${productCapacity}/s`);
    const overloadRate = 2 * Math.max(productCapacity, 100);
    log(`overload: product at ${overloadRate}/s (2× capacity) for ${SECONDS} s…`);
    const overload = await load(product, overloadRate, SECONDS);

    // Drain: a backlog stored with no worker running, then timed until processed.
    let processedPerS: number | null = null;
    if (BACKLOG > 0) {
      await stopAll([worker]);
      settleClient = null; // nothing processes the backlog until the worker restarts
      await new Promise((r) => setTimeout(r, 2_000));
      while ((await pending(q)) > 0) await new Promise((r) => setTimeout(r, 100)); // nothing from before left behind
      const rate = Math.min(1_000, productCapacity || 1_000);
      log(`storing a backlog of ${BACKLOG} at ${rate}/s with the worker stopped…`);
      await load(product, rate, BACKLOG / rate);
      const backlog = await pending(q);
      const t0 = Date.now();
      worker = startWorker();
      procs.push(worker);
      while ((await pending(q)) > 0) await new Promise((r) => setTimeout(r, 100));
      const drainS = (Date.now() - t0) / 1000;
      processedPerS = Math.round(backlog / drainS);
      log(`processed a backlog of ${backlog} in ${drainS.toFixed(1)} s (includes worker start-up)`);
    }

    await new Promise((r) => setTimeout(r, 1_000)); // a request given up on may still be finishing
    const storedRows = (await q.query<{ id: string }>("SELECT vendor_event_id AS id FROM incoming_events")).rows;
    const stored = storedRows.length;
    const storedSids = new Set(storedRows.map((r) => r.id));
    const lost = [...acked].filter((sid) => !storedSids.has(sid)).length;
    // a shed request is answered before anything is read: none of them may be stored
    shedStored = shedIds.filter((sid) => storedSids.has(sid)).length;
    const dupRows = Number(
      (await q.query("SELECT (SELECT count(*) FROM interaction_events) - (SELECT count(DISTINCT incoming_event_id) FROM interaction_events) AS n")).rows[0].n,
    );
    const statusRows = (await q.query<{ status: string; n: string }>("SELECT status::text, count(*) AS n FROM incoming_events GROUP BY 1 ORDER BY 1")).rows;
    log(`statuses: ${statusRows.map((r) => `${r.status}=${r.n}`).join(" ")}`);
    const ratio = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 100) / 100 : null);
    const f500 = fixed.floor![500]!;
    const p500 = fixed.product![500]!;
    console.log(
      JSON.stringify({
        floor_p50_ms: f500.p50_ms,
        floor_p99_ms: f500.p99_ms,
        ack_p50_ms: p500.p50_ms,
        ack_p99_ms: p500.p99_ms,
        floor_p99_ms_at_200: fixed.floor![200]!.p99_ms,
        ack_p99_ms_at_200: fixed.product![200]!.p99_ms,
        floor_cpu_us_per_req: f500.cpu_us_per_req,
        ack_cpu_us_per_req: p500.cpu_us_per_req,
        cpu_ratio_at_500: f500.cpu_us_per_req && p500.cpu_us_per_req ? ratio(p500.cpu_us_per_req, f500.cpu_us_per_req) : null,
        floor_capacity_per_s: floorCapacity,
        capacity_per_s: productCapacity,
        p99_ratio_at_500: ratio(p500.p99_ms, f500.p99_ms),
        capacity_ratio: ratio(productCapacity, floorCapacity),
        overload_rate_per_s: overloadRate,
        shed: overload.shed,
        shed_without_retry_after: overload.shed_without_retry_after,
        shed_stored: shedStored,
        timeouts: overload.timeouts,
        accepted_p99_ms: overload.accepted_p99_ms,
        overload_errors: overload.errors,
        processed_per_s: processedPerS,
        web_processes: process.env.WEB_PROCESSES ?? "default",
        sent,
        acked: acked.size,
        stored,
        lost,
        duplicates: dupRows + (stored - storedSids.size),
      }),
    );
  } finally {
    agents.floor.destroy();
    agents.product.destroy();
    await stopAll(procs);
    await q.end().catch(() => {});
    await dropDatabase(server.serverUrl, dbName).catch(() => {});
    await server.embedded?.stop();
  }
}

await main();
