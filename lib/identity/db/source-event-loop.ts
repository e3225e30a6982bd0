import type pg from "pg";
import { startDrainLoop, type DrainLoop } from "@/lib/jobs/drain-loop";
import type { Logger } from "@/lib/log/logger";
import { RESOLVE_JOB, RESOLVE_CHUNK } from "./jobs";
import { processSourceEvents } from "./source-events";

export type SourceEventLoop = DrainLoop;

/**
 * Drains pending source-vendor webhooks (orders, bookings) into source records and hands
 * what changed to the incremental resolve job. Woken like the interaction processor (same
 * channel; each skips the other's vendors), see startDrainLoop. A record whose resolve job could
 * not be queued is still stored; the next full sync resolves it.
 */
export async function startSourceEventLoop(opts: {
  pool: pg.Pool;
  connectionString: string;
  log: Logger;
  send: (name: string, data: object) => Promise<void>;
  batchSize?: number;
  idleMs?: number;
}): Promise<SourceEventLoop> {
  return startDrainLoop({
    name: "source-events",
    connectionString: opts.connectionString,
    channel: "incoming_event",
    log: opts.log,
    batchSize: opts.batchSize ?? 500,
    idleMs: opts.idleMs,
    drain: async (limit) => {
      const r = await processSourceEvents(opts.pool, limit);
      if (r.processed > 0) opts.log.debug({ processed: r.processed, statuses: r.statuses, toResolve: r.toResolve.length }, "stored source records");
      for (let k = 0; k < r.toResolve.length; k += RESOLVE_CHUNK) {
        await opts.send(RESOLVE_JOB, { recordIds: r.toResolve.slice(k, k + RESOLVE_CHUNK) }).catch((e: unknown) => {
          opts.log.warn({ err: String(e) }, "identity resolve job not queued; the next full sync resolves these records");
        });
      }
      return r.processed;
    },
  });
}
