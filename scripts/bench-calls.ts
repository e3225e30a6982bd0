/**
 * `npm run bench:calls`: one worker's call runtime (in this process) with 200
 * concurrent calls. Phases: ramp (200 inbound calls routed, answered, held in
 * conference), steady (with all 200 live, a hold and an unhold command on each
 * call, paced), memory (full GC), teardown (every caller hangs up). Reports:
 *  - transition latency: one mailbox row → its transition persisted (applyMail and
 *    the guarded single-statement write, including the wait for a pooled connection),
 *    p50/p99, in the steady phase and over every step of the run;
 *  - mailbox latency: a row stored → processed (queueing included), p50/p99;
 *  - heap per live actor: (heap with N live calls − heap with none) / N, after a full GC.
 * The Twilio simulator runs as a child process (its calls are not in our heap); our
 * voice webhooks run here on a pool of their own. A database of its own.
 * Options (env or --name=value): CALLS (200), SPEED (20), RATE (commands/s, 100), POOL (worker pool, 10).
 * Last stdout line: one JSON object.
 */
import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { parseArgs } from "node:util";
import v8 from "node:v8";
import { runInNewContext } from "node:vm";
import { z } from "zod";
import { callConfig } from "@/lib/calls/config";
import { enqueue, machineMail } from "@/lib/calls/mailbox";
import { startCallRuntime, type CallRuntime } from "@/lib/calls/runtime";
import { voiceUrls } from "@/lib/calls/urls";
import { createDb, type Db } from "@/lib/db/client";
import { logger } from "@/lib/log/logger";
import { createTwilioClient } from "@/lib/vendors/twilio/client";
import { SIM_DEFAULT_ACCOUNT_SID, SIM_DEFAULT_AUTH_TOKEN } from "@/lib/vendors/twilio/config";
import { createScriptDatabase, OUR_NUMBER, percentile, seed, startVoiceWeb } from "./lib/calls/world";

v8.setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

const { values: argv } = parseArgs({ options: Object.fromEntries(["calls", "speed", "rate", "pool"].map((k) => [k, { type: "string" as const }])), strict: true });
const opts = z
  .object({
    calls: z.coerce.number().int().positive().default(200),
    speed: z.coerce.number().positive().default(20),
    rate: z.coerce.number().positive().default(100),
    pool: z.coerce.number().int().positive().default(10),
  })
  .parse({ calls: argv.calls ?? process.env.CALLS, speed: argv.speed ?? process.env.SPEED, rate: argv.rate ?? process.env.RATE, pool: argv.pool ?? process.env.POOL });
const say = (s: string) => console.log(`bench │ ${s}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const WARMUP = 20;
type Phase = "warmup" | "ramp" | "steady" | "teardown";

const database = await createScriptDatabase("bench_calls");
const { db } = database;
const { web, env } = await startVoiceWeb(db, { CALL_LEASE_MS: "15000", CALL_RING_TIMEOUT_MS: "20000" });
const urls = voiceUrls(web.url);
const simPort = await freePort();
const simUrl = `http://127.0.0.1:${simPort}`;
const sim = spawn(process.execPath, ["--import", "tsx", "lib/vendors/twilio/simulator/main.ts"], {
  env: { ...process.env, TWILIO_SIM_PORT: String(simPort), TWILIO_SIM_SPEED: String(opts.speed), TWILIO_SIM_VOICE_URL: urls.inbound(), TWILIO_SIM_VOICE_STATUS_URL: urls.callerStatus() },
  stdio: "ignore",
});
const control = async (method: string, path: string, body?: unknown) => {
  const res = await fetch(`${simUrl}/_sim${path}`, { method, headers: { "content-type": "application/json" }, ...(body ? { body: JSON.stringify(body) } : {}) });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status}`);
  return res.json() as Promise<unknown>;
};
// the worker's own pool, sized as workers/main.ts sizes it (createDb's default)
const workerDb: Db = createDb(database.url, { max: opts.pool });
let runtime: CallRuntime | null = null;
try {
  await waitFor(async () => control("GET", "/health").then(() => true, () => false), 30_000);
  const total = WARMUP + opts.calls;
  const phones = Array.from({ length: total }, (_, i) => `+614${String(20_000_000 + i).slice(-8)}`);
  await seed(db, total + 10, phones);
  // staff answer after 1 simulated second and stay on; callers stay until we hang them up
  await control("PUT", "/behaviours/*", { answerAfter: 1 });

  let phase: Phase = "warmup";
  const steps: Record<Phase, number[]> = { warmup: [], ramp: [], steady: [], teardown: [] };
  runtime = await startCallRuntime({
    deps: {
      db: workerDb,
      twilio: createTwilioClient({ kind: "simulator", accountSid: SIM_DEFAULT_ACCOUNT_SID, authToken: SIM_DEFAULT_AUTH_TOKEN, simUrl }),
      config: callConfig(env),
      urls,
      log: logger.child({}, { level: "warn" }),
      sendJob: async () => {},
    },
    connectionString: database.url,
    owner: `bench:${process.pid}`,
    onStep: (m) => void steps[phase].push(m.ms),
  });
  const rt = runtime;

  const placeAll = async (from: string[]) => {
    const sids: string[] = [];
    for (const phone of from) sids.push(z.object({ sid: z.string() }).parse(await control("POST", "/calls/inbound", { from: phone, to: OUR_NUMBER })).sid);
    return sids;
  };
  const inConference = () => db.phoneCall.count({ where: { state: "conference" } });
  const hangUpAll = async (sids: string[]) => {
    for (const sid of sids) await control("POST", `/calls/${sid}/hangup`);
    await waitFor(async () => (await db.phoneCall.count({ where: { state: { notIn: ["completed", "failed"] } } })) === 0 && rt.owned().length === 0, 60_000);
  };

  // Warm up (JIT, connection pools), then measure from a quiet, collected heap.
  const warm = await placeAll(phones.slice(0, WARMUP));
  await waitFor(async () => (await inConference()) === WARMUP, 60_000);
  await hangUpAll(warm);
  await sleep(3_000); // conference-end checks and late callbacks drain
  await waitFor(async () => rt.owned().length === 0, 30_000);
  gc();
  const heapIdle = process.memoryUsage().heapUsed;
  const measureFrom = new Date();

  phase = "ramp";
  const t0 = Date.now();
  const sids = await placeAll(phones.slice(WARMUP));
  const live = await waitFor(async () => (await inConference()) === opts.calls && rt.owned().length === opts.calls, 120_000);
  const rampSeconds = (Date.now() - t0) / 1000;
  say(`${opts.calls} calls live in conference after ${rampSeconds.toFixed(1)} s (${live ? "all" : "NOT all"})`);
  await sleep(1_000);

  // Steady: every call live; a hold and an unhold on each, at RATE commands per second.
  phase = "steady";
  const calls = await db.phoneCall.findMany({ where: { state: "conference" }, select: { id: true } });
  const steadyFrom = new Date();
  for (const hold of [true, false]) {
    for (const c of calls) {
      await enqueue(db, { callId: c.id, dedupeKey: `bench:hold:${hold}`, mail: machineMail({ type: "hold_requested", party: "caller", hold }) });
      await sleep(1_000 / opts.rate);
    }
  }
  await waitFor(async () => (await db.phoneCallEvent.count({ where: { dedupeKey: { startsWith: "bench:" }, processedAt: null } })) === 0, 60_000);
  await sleep(500);
  gc();
  const heapLive = process.memoryUsage().heapUsed;
  const rssLive = process.memoryUsage().rss;

  phase = "teardown";
  await hangUpAll(sids);

  const ms = async (from: Date, onlyCommands: boolean) =>
    (
      await db.$queryRaw<{ ms: number }[]>`
        SELECT EXTRACT(EPOCH FROM (processed_at - received_at)) * 1000 AS ms FROM call_events
         WHERE received_at >= ${from} AND due_at IS NULL AND processed_at IS NOT NULL
           AND (NOT ${onlyCommands} OR dedupe_key LIKE 'bench:%')`
    )
      .map((r) => Number(r.ms))
      .sort((a, b) => a - b);
  const commands = await ms(steadyFrom, true);
  const mailbox = await ms(measureFrom, false);
  const all = [...steps.ramp, ...steps.steady, ...steps.teardown].sort((a, b) => a - b);
  steps.steady.sort((a, b) => a - b);
  const round = (x: number | null) => (x === null ? null : Math.round(x * 100) / 100);
  console.log(
    JSON.stringify({
      concurrent_calls: opts.calls,
      all_live: live,
      transition_ms_p50: round(percentile(steps.steady, 50)),
      transition_ms_p99: round(percentile(steps.steady, 99)),
      steady_steps: steps.steady.length,
      command_to_transition_ms_p50: round(percentile(commands, 50)),
      command_to_transition_ms_p99: round(percentile(commands, 99)),
      all_steps: all.length,
      all_transition_ms_p50: round(percentile(all, 50)),
      all_transition_ms_p99: round(percentile(all, 99)),
      mailbox_events: mailbox.length,
      mailbox_ms_p50: round(percentile(mailbox, 50)),
      mailbox_ms_p99: round(percentile(mailbox, 99)),
      heap_per_live_actor_kb: Math.round((heapLive - heapIdle) / opts.calls / 102.4) / 10,
      heap_idle_mb: Math.round(heapIdle / 1024 / 1024),
      heap_live_mb: Math.round(heapLive / 1024 / 1024),
      rss_live_mb: Math.round(rssLive / 1024 / 1024),
      ramp_seconds: Math.round(rampSeconds * 10) / 10,
      command_rate_per_s: opts.rate,
      worker_pool: opts.pool,
    }),
  );
} finally {
  await runtime?.stop();
  await workerDb.$disconnect();
  sim.kill("SIGTERM");
  await web.close();
  await database.close();
}
process.exit(0);

async function waitFor(probe: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await probe()) return true;
    await sleep(100);
  }
  return false;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const address = s.address();
      const port = typeof address === "object" && address ? address.port : 0;
      s.close(() => resolve(port));
    });
  });
}
