/**
 * What the call scripts (chaos, bench) share: a database of their own (created,
 * migrated, seeded; dropped at the end), the Twilio simulator and our voice
 * webhooks in this process, and worker processes (the real `workers/main.ts`).
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { callConfig } from "@/lib/calls/config";
import { voiceUrls } from "@/lib/calls/urls";
import { startVoiceServer, type VoiceServer } from "@/lib/calls/web/voice-server";
import { createDb, type Db } from "@/lib/db/client";
import { migrate } from "@/lib/db/migrate";
import { logger } from "@/lib/log/logger";
import { SIM_DEFAULT_AUTH_TOKEN } from "@/lib/vendors/twilio/config";
import { createTwilioSimulator, type TwilioSimulator } from "@/lib/vendors/twilio/simulator";
import { SEEDED_HEARTBEAT_TTL_S, seededHeartbeat } from "@/tests/support/call-fixtures";
import { assertLocalDatabase } from "@/tests/support/local-only";
import { dropDatabase, ensureDatabase, provideServer } from "../database";

export const OUR_NUMBER = "+61299990000";
const root = path.resolve(import.meta.dirname, "../../..");

export interface World {
  dbUrl: string;
  db: Db;
  sim: TwilioSimulator;
  web: VoiceServer;
  /** env for worker processes (and the in-process runtime's config) */
  env: Record<string, string>;
  close(): Promise<void>;
}

export interface ScriptDatabase {
  url: string;
  db: Db;
  close(): Promise<void>;
}

/** A migrated database of this run's own on the test server (DATABASE_URL's, or an embedded one); dropped by close(). */
export async function createScriptDatabase(name: string): Promise<ScriptDatabase> {
  const server = await provideServer("pg-test", Number(process.env.EMBEDDED_PG_TEST_PORT ?? 54330), () => {});
  assertLocalDatabase(server.serverUrl);
  const dbName = `sb_${name}_${process.pid}`;
  await dropDatabase(server.serverUrl, dbName);
  const url = await ensureDatabase(server.serverUrl, dbName);
  await migrate(url);
  const db = createDb(url, { max: 10 });
  return {
    url,
    db,
    async close() {
      await db.$disconnect();
      await dropDatabase(server.serverUrl, dbName).catch(() => {});
      await server.embedded?.stop();
    },
  };
}

/** Our voice webhooks on a bare HTTP server; `env` gets the settings the workers need to match. */
export async function startVoiceWeb(db: Db, env: Record<string, string>): Promise<{ web: VoiceServer; env: Record<string, string> }> {
  let out: Record<string, string> = {};
  const web = await startVoiceServer((base) => {
    // the scenarios judge the engine as it was built: no queue, staff free the moment a call ends
    out = { CALL_QUEUE_MAX_WAIT_MS: "0", WRAP_UP_TIMEOUT_S: "0", SOFTPHONE_HEARTBEAT_TTL_S: SEEDED_HEARTBEAT_TTL_S, ...env, PUBLIC_BASE_URL: base, CALL_CALLER_ID: OUR_NUMBER };
    const config = callConfig(out);
    return { db, authToken: SIM_DEFAULT_AUTH_TOKEN, verifyBase: base, config, urls: voiceUrls(base), log: logger.child({}, { level: "warn" }) };
  });
  return { web, env: out };
}

export async function startWorld(name: string, o: { speed: number; env: Record<string, string> }): Promise<World> {
  const database = await createScriptDatabase(name);
  const { db } = database;
  const { web, env: webEnv } = await startVoiceWeb(db, o.env);
  const urls = voiceUrls(web.url);
  const sim = await createTwilioSimulator({ speed: o.speed, voiceUrl: urls.inbound(), voiceStatusCallback: urls.callerStatus() });
  const env = { ...webEnv, DATABASE_URL: database.url, TWILIO_SIM_URL: sim.url };
  return {
    dbUrl: database.url,
    db,
    sim,
    web,
    env,
    async close() {
      sim.reset();
      await sim.stop();
      await web.close();
      await database.close();
    },
  };
}

export interface WorkerProcess {
  child: ChildProcess;
  pid: number;
  startedAt: number;
  exited: Promise<number | null>;
}

/**
 * The real worker entry, as `npm run worker` runs it, but with tsx as a loader in the same
 * process: the tsx CLI runs the script in a child of its own, and a SIGKILL (which cannot
 * be relayed) would kill the CLI and leave the worker running. Its log goes to `onLine`.
 */
/**
 * The worker as the image runs it, compiled (dist/worker.mjs, `npm run bundle`; see
 * bundleWorker), or from source through tsx where no bundle was made: a worker that is
 * replaced boots in about half the CPU compiled (measured: 0.9 s against 1.7 s), CPU its
 * peer needs for the takeover on a 2-core machine.
 */
const WORKER_BUNDLE = path.join(root, "dist", "worker.mjs");
let useBundle = false;

/** Compile the worker once for this run (a stale bundle would test old code). */
export async function bundleWorker(): Promise<void> {
  const { bundle } = await import("../../bundle");
  await bundle();
  useBundle = true;
}

export function spawnWorker(env: Record<string, string>, onLine: (line: string) => void = () => {}): WorkerProcess {
  const child = spawn(process.execPath, useBundle ? [WORKER_BUNDLE] : ["--import", "tsx", "workers/main.ts"], {
    cwd: root,
    env: { ...process.env, ...env, SWITCHBOARD_SERVICE: "worker", LOG_LEVEL: env.LOG_LEVEL ?? "warn" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  for (const stream of [child.stdout, child.stderr]) {
    let buf = "";
    stream?.on("data", (c: Buffer) => {
      buf += c.toString();
      const lines = buf.split("\n");
      buf = lines.pop() ?? "";
      for (const l of lines) onLine(l);
    });
  }
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, pid: child.pid ?? -1, startedAt: Date.now(), exited };
}

/** Staff available for routing, idle longest first; people who own a phone each. */
export async function seed(db: Db, staffCount: number, people: string[]): Promise<{ staff: string[]; personByPhone: Map<string, string> }> {
  const staff: string[] = [];
  for (let i = 0; i < staffCount; i++) {
    const s = await db.staff.create({ data: { displayName: `Staff ${i + 1}`, presence: "available", softphoneSeenAt: seededHeartbeat(), lastCallEndedAt: new Date(Date.UTC(2025, 0, 1, 0, i)) } });
    staff.push(s.id);
  }
  const since = new Date("2024-01-01T00:00:00Z");
  const personByPhone = new Map<string, string>();
  for (const phone of people) {
    const p = await db.person.create({ data: { firstName: "Caller", phone } });
    await db.contactPoint.create({ data: { kind: "phone", value: phone, personId: p.id, validFrom: since, firstSeenAt: since, lastSeenAt: since, origin: "chaos" } });
    personByPhone.set(phone, p.id);
  }
  return { staff, personByPhone };
}

export function percentile(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i] ?? null;
}
