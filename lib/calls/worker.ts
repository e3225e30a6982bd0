/**
 * The call runtime as the worker process starts it, from the environment. No
 * Twilio configured (neither credentials nor TWILIO_SIM_URL): calls cannot be
 * acted on, so the runtime does not start and says so; the calls wait in
 * Postgres for a worker that can.
 */
import type PgBoss from "pg-boss";
import type { Db } from "@/lib/db/client";
import type { Logger } from "@/lib/log/logger";
import { getTwilioClient } from "@/lib/vendors/twilio/client";
import { twilioConfig } from "@/lib/vendors/twilio/config";
import { callConfig } from "./config";
import { startCallRuntime } from "./runtime";
import { voiceUrls } from "./urls";

export async function startCallWorker(o: { db: Db; connectionString: string; owner: string; boss: PgBoss; log: Logger }): Promise<{ stop: () => Promise<void> }> {
  const log = o.log.child({ component: "calls" });
  const twilio = twilioConfig();
  if (!twilio.ok) {
    log.warn({ reason: twilio.reason }, "Twilio is not configured: call actors are not running");
    return { stop: async () => {} };
  }
  const config = callConfig();
  const runtime = await startCallRuntime({
    deps: {
      db: o.db,
      twilio: getTwilioClient(),
      config,
      urls: voiceUrls(config.publicBaseUrl),
      log,
      sendJob: async (name, data, options) => void (await o.boss.send(name, data, options ?? {})),
    },
    connectionString: o.connectionString,
    owner: o.owner,
  });
  log.info({ owner: o.owner, target: twilio.target.kind, recovered: runtime.owned().length }, "call actors running");
  return { stop: () => runtime.stop() };
}
