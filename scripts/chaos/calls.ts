/**
 * The call scenarios run `chaos:calls` (scripts/chaos-calls.ts: real worker processes,
 * the Twilio simulator, our voice webhooks, every call judged) as a child on the
 * suite's Postgres server, in a database of its own, and read its last line:
 * scenario 1 SIGKILLs workers, scenario 6's worker half restarts them one by one
 * (SIGTERM once the replacement is up), and the pause check SIGSTOPs one for 3 s.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { say, type Harness, type ScenarioResult } from "./harness";

const root = path.resolve(import.meta.dirname, "../..");

interface CallsVerdict {
  calls: number;
  kills: number;
  completed_correctly: number;
  lost: number;
  stuck: number;
  duplicate_legs: number;
  [k: string]: unknown;
}

function chaosCalls(h: Harness, args: Record<string, string | number>): Promise<CallsVerdict> {
  const argv = Object.entries(args).map(([k, v]) => `--${k}=${v}`);
  const child = spawn(process.execPath, ["--import", "tsx", "--import", "./scripts/preflight.ts", "scripts/chaos-calls.ts", ...argv], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: h.serverUrl },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let out = "";
  child.stdout.on("data", (c: Buffer) => {
    out += c.toString();
    for (const line of c.toString().split("\n")) if (line.startsWith("chaos │")) console.error(`  ${line}`);
  });
  return new Promise((resolve, reject) =>
    child.on("exit", (code) => {
      const last = out.trim().split("\n").at(-1) ?? "";
      try {
        resolve(JSON.parse(last) as CallsVerdict);
      } catch {
        reject(new Error(`chaos-calls exited ${code} without its JSON line: ${last.slice(0, 300)}`));
      }
    }),
  );
}

function asScenario(name: string, v: CallsVerdict, extraOk = true): ScenarioResult {
  const ok = extraOk && v.lost === 0 && v.stuck === 0 && v.duplicate_legs === 0 && v.completed_correctly === v.calls;
  return { ...v, scenario: name, ok, sent: v.calls, acknowledged: v.calls, stored: v.calls - v.lost, lost: v.lost, duplicated: v.duplicate_legs };
}

export async function killWorkers(h: Harness): Promise<ScenarioResult> {
  const v = await chaosCalls(h, { calls: process.env.CHAOS_CALLS ?? 200, kills: process.env.CHAOS_KILLS ?? 20, signal: "SIGKILL" });
  const p99 = typeof v.resume_ms_p99 === "number" ? v.resume_ms_p99 : null;
  return asScenario("1_sigkill_workers_during_calls", v, p99 === null || p99 <= 2_000);
}

export async function rollingWorkerRestart(h: Harness): Promise<ScenarioResult> {
  const v = await chaosCalls(h, { calls: process.env.CHAOS_ROLL_CALLS ?? 60, kills: 4, signal: "SIGTERM" });
  return asScenario("6_rolling_restart_workers", v);
}

export async function pausedWorker(h: Harness): Promise<ScenarioResult> {
  say("SIGSTOP: a worker paused for 3 s must not end up with a double owner");
  const v = await chaosCalls(h, { calls: process.env.CHAOS_PAUSE_CALLS ?? 60, kills: 3, signal: "SIGSTOP", "pause-ms": 3_000 });
  return asScenario("1b_sigstop_worker_3s", v);
}
