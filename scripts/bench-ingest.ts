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
import { run, stopAll, waitForHttp, type Proc } from "./lib/processes";

/**
 * `npm run bench:ingest`: the production build answering signed Twilio SMS
 * webhooks at 200/s and 500/s for 30 s each (open loop: see lib/open-loop.ts)
 * with the worker processing, then
 * a drain phase (a backlog stored with the worker stopped, then timed until
 * processed). Prints per-phase figures; the last line is one JSON object.
 * BENCH_SECONDS and BENCH_BACKLOG shorten or lengthen it.
 */
const root = path.resolve(import.meta.dirname, "..");
const PORT = Number(process.env.BENCH_PORT ?? 3200);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
const BACKLOG = Number(process.env.BENCH_BACKLOG ?? 20_000);
const TOKEN = "bench-twilio-auth-token-000000000";
const BASE = `http://localhost:${PORT}`;
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

/** Request i: a new message from one of PEOPLE known customers (1 in 10 unknown), signed as Twilio signs it. */
function plan(i: number): PlannedRequest {
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
    headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": signTwilio(TOKEN, `${BASE}${URL_PATH}`, params) },
    body: new URLSearchParams(params).toString(),
  };
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

async function load(rate: number, seconds: number) {
  const r = await openLoop({ host: "127.0.0.1", port: PORT, rate, seconds, plan, agent });
  sent += r.sent;
  for (const id of r.acked) acked.add(id);
  return summarise(r);
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
  const dbName = `sb_bench_ingest_${process.pid}`;
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

    const env = { ...process.env, DATABASE_URL: url, PORT: String(PORT), PUBLIC_BASE_URL: BASE, TWILIO_AUTH_TOKEN: TOKEN, NEXT_TELEMETRY_DISABLED: "1", LOG_LEVEL: "warn", SWITCHBOARD_MODE: "demo" };
    const web = webCommand("start", (process.env.WEB_NODE_FLAGS ?? "").split(" ").filter(Boolean));
    procs.push(run("web", web.cmd, web.args, env, 0));
    const startWorker = () => run("worker", process.execPath, [path.join(root, "node_modules/tsx/dist/cli.mjs"), "workers/main.ts"], { ...env, SWITCHBOARD_SERVICE: "worker" }, 1);
    // BENCH_NO_WORKER=1: the answers alone, to see what the worker's processing costs them.
    let worker = process.env.BENCH_NO_WORKER ? run("idle", process.execPath, ["-e", "setInterval(() => {}, 1e9)"], env, 1) : startWorker();
    procs.push(worker);
    await waitForHttp(`http://127.0.0.1:${PORT}/api/live`);
    log("warming up…");
    await load(500, 10);

    const phases = [];
    for (const rate of [200, 500]) {
      log(`${rate} requests/s for ${SECONDS} s…`);
      const r = await load(rate, SECONDS);
      log(JSON.stringify(r));
      phases.push(r);
    }

    // Drain: a backlog stored with no worker running, then timed until processed.
    await stopAll([worker]);
    log(`storing a backlog of ${BACKLOG} with the worker stopped…`);
    const backlogLoad = await load(1_000, BACKLOG / 1_000);
    log(JSON.stringify(backlogLoad));
    const backlog = await pending(q);
    const t0 = Date.now();
    worker = startWorker();
    procs.push(worker);
    while ((await pending(q)) > 0) await new Promise((r) => setTimeout(r, 100));
    const drainS = (Date.now() - t0) / 1000;
    log(`processed a backlog of ${backlog} in ${drainS.toFixed(1)} s (includes worker start-up)`);

    const stored = Number((await q.query("SELECT count(*) AS n FROM incoming_events")).rows[0].n);
    const storedSids = new Set((await q.query<{ id: string }>("SELECT vendor_event_id AS id FROM incoming_events")).rows.map((r) => r.id));
    const lost = [...acked].filter((sid) => !storedSids.has(sid)).length;
    const dupRows = Number(
      (await q.query("SELECT (SELECT count(*) FROM interaction_events) - (SELECT count(DISTINCT incoming_event_id) FROM interaction_events) AS n")).rows[0].n,
    );
    const statusRows = (await q.query<{ status: string; n: string }>("SELECT status::text, count(*) AS n FROM incoming_events GROUP BY 1 ORDER BY 1")).rows;
    log(`statuses: ${statusRows.map((r) => `${r.status}=${r.n}`).join(" ")}`);
    const at500 = phases[1]!;
    console.log(
      JSON.stringify({
        ack_p50_ms: at500.p50_ms,
        ack_p99_ms: at500.p99_ms,
        ack_p99_ms_at_200: phases[0]!.p99_ms,
        processed_per_s: Math.round(backlog / drainS),
        sent,
        acked: acked.size,
        stored,
        lost,
        duplicates: dupRows + (stored - storedSids.size),
      }),
    );
  } finally {
    agent.destroy();
    await stopAll(procs);
    await q.end().catch(() => {});
    await dropDatabase(server.serverUrl, dbName).catch(() => {});
    await server.embedded?.stop();
  }
}

await main();
