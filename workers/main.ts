import { randomUUID } from "node:crypto";
import os from "node:os";
import { assertSafeToStart } from "@/lib/config/deployment";
import { WORKER_DRAIN_MS } from "@/lib/config/drain";
import { createDb, databaseUrl } from "@/lib/db/client";
import { logger, type Logger } from "@/lib/log/logger";
import { startHeartbeat } from "@/lib/jobs/heartbeat";
import { probePort, startProbeServer } from "@/lib/health/probe-server";
import { startPresenceSweep } from "@/lib/staff/presence-sweep";
import { startJobRunner } from "@/lib/jobs/runner";
import { JOBS } from "@/lib/jobs/registry";
import { startInteractionProcessor } from "@/lib/interactions/processor-loop";
import { processOptionsFromEnv } from "@/lib/interactions/process-options";
import { startCallWorker } from "@/lib/calls/worker";
import { startSmsWorker } from "@/lib/interactions/outbound-sms/worker";
import { startMediaFetcher } from "@/lib/interactions/media/media-loop";
import { startSourceEventLoop } from "@/lib/identity/db/source-event-loop";
import { identityPool } from "@/lib/identity/db/sql";
import { syncConfig } from "@/lib/frontcheck/config";
import { startVendorSyncs } from "@/lib/sync/worker";

/**
 * WORKER_NICE (default 10; 0 keeps the inherited priority): the worker yields the CPU to the web
 * processes on a machine they share. Its processing is a backlog that may wait a moment; a
 * webhook's answer may not (Front switches a webhook off past 5 s). Without it, bench:ingest's
 * capacity on 2 cores was bounded by the worker's processing bursts, not the web process. Under
 * saturation a nice-10 worker still gets about a tenth of a core, far more than its leases need.
 */
function lowerPriority(log: Pick<Logger, "warn">): void {
  const nice = Number(process.env.WORKER_NICE || 10);
  if (!Number.isInteger(nice) || nice <= 0) return;
  try {
    os.setPriority(Math.min(19, nice));
  } catch (e) {
    log.warn({ err: String(e) }, "WORKER_NICE: cannot lower the worker's priority");
  }
}

/** The worker: heartbeat, job runner, and (later) call actors. Owns no domain logic. */
async function main() {
  assertSafeToStart("worker");
  let stopping = false;
  const log = logger.child({ service: "worker" });
  lowerPriority(log);
  const url = databaseUrl();
  const db = createDb(url);
  const workerId = `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  // Kubernetes probes (deploy/k8s/worker.yaml): live from here on, ready once every loop has started
  let started = false;
  const port = probePort();
  const probes = port === null ? null : await startProbeServer(db, port, { ready: () => started && !stopping });
  const heartbeat = await startHeartbeat(db, workerId, 5_000, (e) => log.warn({ err: String(e) }, "heartbeat failed"));
  const jobs = await startJobRunner({ connectionString: url, db, log, jobs: JOBS });
  const processor = await startInteractionProcessor({
    db,
    connectionString: url,
    log,
    process: processOptionsFromEnv(),
  });
  const calls = await startCallWorker({ db, connectionString: url, owner: workerId, boss: jobs.boss, log });
  const sms = await startSmsWorker({ db, connectionString: url, owner: workerId, log });
  const sources = await startSourceEventLoop({ pool: identityPool(), connectionString: url, log, send: async (name, data) => void (await jobs.boss.send(name, data)) });
  const media = await startMediaFetcher({ db, connectionString: url, log });
  const presence = startPresenceSweep(db, log);
  const syncs = startVendorSyncs({ db, owner: workerId, log, config: syncConfig() });
  log.info({ workerId, jobs: JOBS.map((j) => j.name) }, "worker started");
  started = true;

  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "worker stopping");
    const force = setTimeout(() => process.exit(1), WORKER_DRAIN_MS);
    presence.stop();
    await syncs.stop().catch((e) => log.error({ err: String(e) }, "vendor syncs stop failed"));
    await calls.stop().catch((e) => log.error({ err: String(e) }, "call actors stop failed"));
    await processor.stop().catch((e) => log.error({ err: String(e) }, "processor stop failed"));
    await sms.stop().catch((e) => log.error({ err: String(e) }, "sms sender stop failed"));
    await media.stop().catch((e) => log.error({ err: String(e) }, "media fetcher stop failed"));
    await sources.stop().catch((e) => log.error({ err: String(e) }, "source event loop stop failed"));
    await jobs.stop().catch((e) => log.error({ err: String(e) }, "job runner stop failed"));
    await heartbeat.stop();
    await probes?.stop();
    await db.$disconnect();
    clearTimeout(force);
    log.info("worker stopped");
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
}

main().catch((e) => {
  logger.fatal({ err: e instanceof Error ? e.message : String(e) }, "worker failed to start");
  process.exit(1);
});
