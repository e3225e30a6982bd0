/**
 * Integration harness for the call engine: the Twilio simulator, our voice
 * webhooks on a bare HTTP server (the same handlers as the Next routes), and
 * any number of in-process call runtimes ("workers"), each with its own
 * database pool and lease owner id, against one test database.
 */
import { randomUUID } from "node:crypto";
import { callConfig, type CallConfig } from "@/lib/calls/config";
import { SEEDED_HEARTBEAT_TTL_S } from "./call-fixtures";
import type { CallDeps, SendJob } from "@/lib/calls/deps";
import { startCallRuntime, type CallRuntime, type CallRuntimeOptions } from "@/lib/calls/runtime";
import { voiceUrls } from "@/lib/calls/urls";
import { startVoiceServer, type VoiceServer } from "@/lib/calls/web/voice-server";
import { createDb, type Db } from "@/lib/db/client";
import { logger } from "@/lib/log/logger";
import { createTwilioClient, type TwilioClient } from "@/lib/vendors/twilio/client";
import { SIM_DEFAULT_AUTH_TOKEN } from "@/lib/vendors/twilio/config";
import { createTwilioSimulator, type TwilioSimulator } from "@/lib/vendors/twilio/simulator";
import { afterAll, beforeAll } from "vitest";
import { createTestDatabase, type TestDatabase } from "./test-db";

export const OUR_NUMBER = "+61299990000";

/** Something between the simulator and our webhooks (it forwards to `target`). */
export interface WebhookProxy {
  url: string;
  setTarget(url: string): void;
  close(): Promise<void>;
}

export interface HarnessOptions {
  /** simulated seconds per real second */
  speed?: number;
  /** CALL_* settings (ms) */
  env?: Record<string, string>;
  proxy?: WebhookProxy;
}

export type WorkerOptions = Partial<Omit<CallRuntimeOptions, "deps" | "connectionString" | "owner">> & {
  sendJob?: SendJob;
  /** where the worker's LISTEN connection goes (a proxy that can fail it); the test database by default */
  listenUrl?: string;
  /** the Twilio client the worker uses, made from the simulator's (e.g. one that fails some requests) */
  twilio?: (sim: TwilioClient) => TwilioClient;
};

export interface Harness {
  sim: TwilioSimulator;
  server: VoiceServer;
  /** the URL Twilio calls (the proxy's, when there is one) */
  publicBase: string;
  config: CallConfig;
  startWorker(opts?: WorkerOptions): Promise<CallRuntime>;
  close(): Promise<void>;
}

export async function startHarness(t: TestDatabase, opts: HarnessOptions = {}): Promise<Harness> {
  const pools: Db[] = [];
  const runtimes: CallRuntime[] = [];
  // no queue and no wrap-up unless a test asks: staff are free the moment a call ends, nobody left means voicemail
  const settings = { CALL_RING_TIMEOUT_MS: "2000", CALL_MAX_ATTEMPTS: "3", CALL_VOICEMAIL_WAIT_MS: "1500", CALL_LEASE_MS: "600", CALL_QUEUE_MAX_WAIT_MS: "0", WRAP_UP_TIMEOUT_S: "0", SOFTPHONE_HEARTBEAT_TTL_S: SEEDED_HEARTBEAT_TTL_S, ...opts.env };
  const made: { config?: CallConfig } = {};
  const server = await startVoiceServer((base) => {
    const publicBase = opts.proxy?.url ?? base;
    const config = callConfig({ ...settings, PUBLIC_BASE_URL: publicBase, CALL_CALLER_ID: OUR_NUMBER });
    made.config = config;
    const db = createDb(t.url, { max: 4 });
    pools.push(db);
    return { db, authToken: SIM_DEFAULT_AUTH_TOKEN, verifyBase: publicBase, config, urls: voiceUrls(publicBase), log: logger };
  });
  opts.proxy?.setTarget(server.url);
  if (!made.config) throw new Error("voice server did not configure itself");
  const cfg: CallConfig = made.config;
  const urls = voiceUrls(cfg.publicBaseUrl);
  const sim = await createTwilioSimulator({ speed: opts.speed ?? 50, voiceUrl: urls.inbound(), voiceStatusCallback: urls.callerStatus() });
  const twilio = createTwilioClient({ kind: "simulator", accountSid: sim.accountSid, authToken: sim.authToken, simUrl: sim.url });

  return {
    sim,
    server,
    publicBase: cfg.publicBaseUrl,
    config: cfg,
    async startWorker(o = {}) {
      const db = createDb(t.url, { max: 4 });
      pools.push(db);
      const { sendJob, listenUrl, twilio: wrap, ...runtime } = o;
      const deps: CallDeps = { db, twilio: wrap ? wrap(twilio) : twilio, config: cfg, urls, log: logger, sendJob: sendJob ?? (async () => {}) };
      const rt = await startCallRuntime({ sweepMs: 100, ...runtime, deps, connectionString: listenUrl ?? t.url, leaseConnectionString: t.url, owner: `test-${randomUUID().slice(0, 8)}` });
      runtimes.push(rt);
      return rt;
    },
    async close() {
      for (const rt of runtimes) rt.abandon();
      sim.reset();
      await sim.stop();
      await server.close();
      await opts.proxy?.close();
      await Promise.all(pools.map((p) => p.$disconnect()));
    },
  };
}

/**
 * A suite's database and harness: made before its tests, closed and dropped after them.
 * The objects returned are filled in by then.
 */
export function useCallHarness(opts: HarnessOptions = {}): { t: TestDatabase; h: Harness } {
  const t = {} as TestDatabase;
  const h = {} as Harness;
  beforeAll(async () => {
    Object.assign(t, await createTestDatabase());
    Object.assign(h, await startHarness(t, opts));
  });
  afterAll(async () => {
    await h.close?.();
    await t.drop?.();
  });
  return { t, h };
}
