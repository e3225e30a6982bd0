/**
 * `npm run chaos:calls`: drive M simulated calls (default 200; answered, declined
 * then answered, nobody home → voicemail, caller hangs up while ringing) through
 * our voice webhooks and real worker processes (`workers/main.ts`), SIGKILLing a
 * random worker N times (default 20) at random moments and starting a new one
 * each time. Then judge every call. Self-contained: a database of its own, the
 * Twilio simulator and the voice webhooks in this process. Last stdout line:
 *   {"calls","kills","completed_correctly","lost","stuck","duplicate_legs","resume_ms_p99",…}
 * Options (env or --name=value): CALLS, KILLS, WORKERS (2), CONCURRENCY (16),
 * SPEED (10, simulated s per real s), LEASE_MS (15000), SEED (1), VERBOSE,
 * SIGNAL (SIGKILL; SIGTERM: rolling restarts; SIGSTOP: pauses of PAUSE_MS, 3000).
 */
import { parseArgs } from "node:util";
import { z } from "zod";
import { EXPECTED, SCENARIOS, StaffController, type Scenario, type Timing } from "./lib/calls/scenarios";
import { judge, type Started } from "./lib/calls/verdict";
import { OUR_NUMBER, bundleWorker, percentile, seed, spawnWorker, startWorld, type WorkerProcess } from "./lib/calls/world";
import { prng } from "@/lib/prng";
import type { RecoveryPhases } from "@/lib/calls/actor";

const { values: argv } = parseArgs({ options: Object.fromEntries(["calls", "kills", "workers", "concurrency", "speed", "lease-ms", "seed", "verbose", "signal", "pause-ms"].map((k) => [k, { type: "string" as const }])), strict: true });
const opts = z
  .object({
    calls: z.coerce.number().int().positive().default(200),
    kills: z.coerce.number().int().nonnegative().default(20),
    workers: z.coerce.number().int().min(1).default(2),
    concurrency: z.coerce.number().int().positive().default(16),
    speed: z.coerce.number().positive().default(10),
    // the production lease (CALL_LEASE_MS): a takeover no longer waits for a lease to lapse (the liveness lock
    // says at once), and a short one only lapses under a starved event loop, handing live calls over for nothing
    leaseMs: z.coerce.number().int().positive().default(15_000),
    seed: z.coerce.number().int().default(1),
    verbose: z.coerce.boolean().default(false),
    /** SIGKILL: a crash; SIGTERM: a rolling restart (the new worker up first); SIGSTOP: a pause of pauseMs, then SIGCONT */
    signal: z.enum(["SIGKILL", "SIGTERM", "SIGSTOP"]).default("SIGKILL"),
    pauseMs: z.coerce.number().int().positive().default(3_000),
  })
  .parse({
    calls: argv.calls ?? process.env.CALLS,
    kills: argv.kills ?? process.env.KILLS,
    workers: argv.workers ?? process.env.WORKERS,
    concurrency: argv.concurrency ?? process.env.CONCURRENCY,
    speed: argv.speed ?? process.env.SPEED,
    leaseMs: argv["lease-ms"] ?? process.env.LEASE_MS,
    seed: argv.seed ?? process.env.SEED,
    verbose: argv.verbose ?? process.env.VERBOSE,
    signal: argv.signal ?? process.env.SIGNAL,
    pauseMs: argv["pause-ms"] ?? process.env.PAUSE_MS,
  });
const say = (s: string) => console.log(`chaos │ ${s}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const rnd = prng(opts.seed);
const between = (lo: number, hi: number) => lo + rnd() * (hi - lo);

// Each call: a scenario (round robin, then shuffled), its own caller number, its own timings.
const plan = Array.from({ length: opts.calls }, (_, i) => ({
  phone: `+614${String(10_000_000 + i).slice(-8)}`,
  scenario: SCENARIOS[i % SCENARIOS.length] as Scenario,
  timing: { pickupMs: Math.round(between(80, 400)), talkMs: Math.round(between(600, 1500)) } satisfies Timing,
})).sort(() => rnd() - 0.5);

// the workers run compiled, as in the image (CHAOS_WORKER=tsx: from source)
if (process.env.CHAOS_WORKER !== "tsx") await bundleWorker();
const world = await startWorld("chaos", {
  speed: opts.speed,
  // info: the workers' "call recovered" lines carry each takeover's phase timings
  env: { CALL_LEASE_MS: String(opts.leaseMs), CALL_RING_TIMEOUT_MS: "1500", CALL_MAX_ATTEMPTS: "2", CALL_VOICEMAIL_WAIT_MS: "3000", LOG_LEVEL: "info" },
});
const { db, sim } = world;
let exitCode = 0;
try {
  await seed(db, opts.concurrency * 2 + 2, plan.map((p) => p.phone));
  sim.setDefaultBehaviour({ answer: "manual" });
  for (const p of plan) if (p.scenario === "voicemail") sim.setBehaviour(p.phone, { recordFor: 3 });

  const byCallerSid = new Map<string, { scenario: Scenario; timing: Timing }>();
  const controller = new StaffController(sim, db, (sid) => byCallerSid.get(sid));
  controller.start();

  const logs: string[] = [];
  const recoveries = new Map<string, RecoveryPhases[]>();
  /** a live worker's lease on a call lapsed before it renewed it (a handover without a death) */
  let leaseLapses = 0;
  const onLine = (line: string) => {
    const recovered = recoveredLine(line);
    if (recovered) return void recoveries.set(recovered.callId, [...(recoveries.get(recovered.callId) ?? []), recovered.recovery]);
    if (!/"level":"(warn|error|fatal)"/.test(line)) return;
    if (line.includes("call lease expired before renewal")) leaseLapses += 1;
    if (opts.verbose) console.error(`worker │ ${line}`);
    if (logs.push(line) > 200) logs.shift();
  };
  // A worker that exits by itself (it failed to start, or crashed) is counted and replaced too.
  let selfExits = 0;
  let running = true;
  const supervise = (i: number): WorkerProcess => {
    const w = spawnWorker(world.env, onLine);
    void w.exited.then(() => {
      if (!running || workers[i] !== w) return;
      selfExits += 1;
      workers[i] = supervise(i);
    });
    return w;
  };
  const workers: WorkerProcess[] = [];
  for (let i = 0; i < opts.workers; i++) workers.push(supervise(i));
  await waitFor(async () => (await db.workerHeartbeat.count()) >= opts.workers, 60_000);
  say(`${opts.workers} workers up; ${opts.calls} calls, ${opts.kills} kills, concurrency ${opts.concurrency}, speed ${opts.speed}×, lease ${opts.leaseMs} ms`);

  const started: Started[] = [];
  const t0 = Date.now();
  // placed and not yet over (a call whose row is not there yet counts as in flight)
  const inFlight = async () =>
    started.length - (await db.phoneCall.count({ where: { callSid: { in: started.map((s) => s.callerSid) }, state: { in: ["completed", "failed"] } } }));

  // Kills at random moments, spread over about the time the calls take.
  const kills: { pid: number; at: number; calls: string[] }[] = [];
  const pauses: { pid: number; held: number; movedWhilePaused: number }[] = [];
  const meanGapMs = Math.max(400, ((opts.calls / opts.concurrency) * 3_000) / Math.max(1, opts.kills));
  const killer = (async () => {
    while (kills.length < opts.kills) {
      await sleep(between(0.3, 1.7) * meanGapMs);
      const i = Math.floor(rnd() * workers.length);
      const w = workers[i] as WorkerProcess;
      const ownedBy = async (pid: number) =>
        (await db.$queryRaw<{ id: string }[]>`
          SELECT id::text FROM phone_calls WHERE lease_owner LIKE ${`%:${pid}:%`} AND state NOT IN ('completed', 'failed')`).map((r) => r.id);
      if (opts.signal === "SIGSTOP") {
        // a pause, not a death: its connections stay open, so its liveness lock holds and only a lapsed lease moves a call
        const owned = await ownedBy(w.pid);
        w.child.kill("SIGSTOP");
        const at = Date.now();
        await sleep(opts.pauseMs);
        const stillOwned = new Set(await ownedBy(w.pid));
        w.child.kill("SIGCONT");
        const moved = owned.filter((id) => !stillOwned.has(id));
        kills.push({ pid: w.pid, at, calls: [] });
        pauses.push({ pid: w.pid, held: owned.length, movedWhilePaused: moved.length });
        if (opts.verbose) say(`pause #${kills.length}: worker ${w.pid} held ${owned.length} live call(s); ${moved.length} moved to a peer while it slept`);
        continue;
      }
      if (opts.signal === "SIGTERM") {
        // rolling: the new worker's call runtime is up (its LISTEN connection is there) before the old one is told to go
        const fresh = supervise(i);
        workers[i] = fresh;
        await waitFor(async () => (await db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM pg_stat_activity WHERE application_name LIKE ${`%:${fresh.pid}:%`}`)[0]?.n !== 0n, 60_000);
        const owned = await ownedBy(w.pid);
        w.child.kill("SIGTERM");
        kills.push({ pid: w.pid, at: Date.now(), calls: owned });
        if (opts.verbose) say(`term #${kills.length}: worker ${w.pid} holding ${owned.length} live call(s)`);
        continue;
      }
      const owned = await ownedBy(w.pid);
      workers[i] = supervise(i); // replaced first, so the supervisor does not count this exit
      w.child.kill("SIGKILL");
      kills.push({ pid: w.pid, at: Date.now(), calls: owned });
      if (opts.verbose) say(`kill #${kills.length}: worker ${w.pid} holding ${owned.length} live call(s)`);
    }
  })();

  for (const p of plan) {
    while ((await inFlight()) >= opts.concurrency) await sleep(50);
    const call = sim.inboundCall({ from: p.phone, to: OUR_NUMBER, ...(p.scenario === "caller_hangs_up" ? { hangupAfter: 6 } : {}) });
    byCallerSid.set(call.sid, { scenario: p.scenario, timing: p.timing });
    started.push({ callerSid: call.sid, scenario: p.scenario });
  }
  say(`all ${started.length} calls placed after ${((Date.now() - t0) / 1000).toFixed(1)} s; ${kills.length} kills so far`);
  await killer;

  const settled = await waitFor(async () => {
    const unfinished = await db.phoneCall.count({ where: { OR: [{ state: { notIn: ["completed", "failed"] } }, { effects: { some: { doneAt: null } } }] } });
    const legs = sim.state().calls.filter((c) => ["queued", "initiated", "ringing", "in-progress"].includes(c.status)).length;
    return unfinished === 0 && legs === 0 && (await db.phoneCall.count()) === started.length;
  }, 120_000);
  const seconds = (Date.now() - t0) / 1000;
  controller.stop();

  // Resume time: from a kill to the first transition of each live call the killed worker held.
  const resumeMs: number[] = [];
  const slowest: { ms: number; kill: number; call: string; event: unknown; phases: string }[] = [];
  // Where the time goes, per takeover: kill → claimed by a peer (detection + sweep), then since the claim:
  // loaded, outbox and mailbox finished, legs probed at Twilio, `resumed` applied.
  const phases = { detect: [] as number[], loaded: [] as number[], pumped: [] as number[], probed: [] as number[], resumed: [] as number[] };
  for (const [n, k] of kills.entries()) {
    for (const id of k.calls) {
      const next = await db.callTransition.findFirst({ where: { phoneCallId: id, at: { gt: new Date(k.at) } }, orderBy: { at: "asc" } });
      const r = recoveries.get(id)?.find((x) => x.claimedAt >= k.at);
      if (r) {
        phases.detect.push(r.claimedAt - k.at);
        phases.loaded.push(r.loadedMs);
        phases.pumped.push(r.pumpedMs);
        if (r.probedMs !== null) phases.probed.push(r.probedMs);
        if (r.resumedMs !== null) phases.resumed.push(r.resumedMs);
      }
      if (!next) continue;
      resumeMs.push(next.at.getTime() - k.at);
      const p = r ? `claimed +${r.claimedAt - k.at}, loaded ${r.loadedMs}, pumped ${r.pumpedMs}, probed ${r.probedMs}, resumed ${r.resumedMs}` : "no recovery line";
      slowest.push({ ms: next.at.getTime() - k.at, kill: n + 1, call: id, event: next.event, phases: p });
    }
  }
  resumeMs.sort((a, b) => a - b);
  const phaseFigures = Object.fromEntries(
    Object.entries(phases).map(([name, xs]) => {
      const sorted = [...xs].sort((a, b) => a - b);
      return [name, { p50: percentile(sorted, 50), p99: percentile(sorted, 99), n: sorted.length }];
    }),
  );
  say(`resume phases (ms; detect from the kill, the rest from the claim): ${JSON.stringify(phaseFigures)}`);
  if (opts.verbose) {
    for (const s of slowest.sort((a, b) => b.ms - a.ms).slice(0, 5)) say(`slow resume: ${s.ms} ms after kill #${s.kill} (${kills[s.kill - 1]?.at}) ${s.call} ${JSON.stringify(s.event)}; ${s.phases}`);
    say(`kills at: ${kills.map((k) => `${k.pid}@+${k.at - t0}`).join(" ")}`);
  }

  running = false;
  await Promise.all(workers.map(async (w) => (w.child.kill("SIGTERM"), await w.exited)));
  const verdict = await judge(db, sim, started, controller.legOf);
  const crashed = [...new Set(logs.filter((l) => /"level":"(error|fatal)"/.test(l)))].slice(-5);
  const byScenario = Object.fromEntries(SCENARIOS.map((s) => [s, started.filter((x) => x.scenario === s).length]));
  for (const w of verdict.wrong.slice(0, 10)) say(`wrong: ${w.scenario} ${w.callerSid}: ${w.why}`);
  if (opts.verbose) for (const w of verdict.wrong.slice(0, 2)) say(`${w.callerSid}:\n${await history(w.callerSid)}`);
  for (const l of crashed) say(`worker error: ${l.slice(0, 300)}`);
  say(`settled: ${settled}; ${seconds.toFixed(1)} s; expected end reasons: ${JSON.stringify(Object.fromEntries(SCENARIOS.map((s) => [s, EXPECTED[s].endReasons])))}`);
  const ok = verdict.lost === 0 && verdict.stuck === 0 && verdict.duplicate_legs === 0 && verdict.completed_correctly === started.length;
  exitCode = ok ? 0 : 1;
  console.log(
    JSON.stringify({
      calls: started.length,
      kills: kills.length,
      completed_correctly: verdict.completed_correctly,
      lost: verdict.lost,
      stuck: verdict.stuck,
      duplicate_legs: verdict.duplicate_legs,
      resume_ms_p99: percentile(resumeMs, 99),
      resume_ms_p50: percentile(resumeMs, 50),
      resume_ms_max: resumeMs.at(-1) ?? null,
      resumed_calls: resumeMs.length,
      resume_phases_ms: phaseFigures,
      lease_lapses: leaseLapses,
      signal: opts.signal,
      ...(opts.signal === "SIGSTOP" ? { pauses: pauses.length, pause_ms: opts.pauseMs, calls_held_when_paused: pauses.reduce((n, p) => n + p.held, 0), calls_moved_while_paused: pauses.reduce((n, p) => n + p.movedWhilePaused, 0) } : {}),
      live_legs_left: verdict.live_legs_left,
      worker_self_exits: selfExits,
      staff_left_busy: verdict.staff_left_busy,
      scenarios: byScenario,
      workers: opts.workers,
      lease_ms: opts.leaseMs,
      seconds: Math.round(seconds * 10) / 10,
    }),
  );
} finally {
  await world.close();
}
process.exit(exitCode);

async function waitFor(probe: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await probe()) return true;
    await sleep(250);
  }
  return false;
}

/** A call's transitions, for a run with --verbose. */
async function history(callerSid: string): Promise<string> {
  const call = await db.phoneCall.findUnique({ where: { callSid: callerSid } });
  if (!call) return "  (no PhoneCall)";
  const rows = await db.callTransition.findMany({ where: { phoneCallId: call.id }, orderBy: { seq: "asc" } });
  return rows.map((r) => `  ${r.at.toISOString()} ${r.fromState} → ${r.toState} ${JSON.stringify(r.event)}`).join("\n");
}

/** A worker's "call recovered" log line (lib/calls/actor.ts), or null. */
function recoveredLine(line: string): { callId: string; recovery: RecoveryPhases } | null {
  if (!line.includes('"call recovered"')) return null;
  try {
    const parsed = JSON.parse(line) as { callId?: string; recovery?: RecoveryPhases };
    return parsed.callId && parsed.recovery ? { callId: parsed.callId, recovery: parsed.recovery } : null;
  } catch {
    return null;
  }
}
