import type { Db } from "@/lib/db/client";
import { startDrainLoop } from "@/lib/jobs/drain-loop";
import type { Logger } from "@/lib/log/logger";
import { processPendingBatch, type ProcessOptions } from "./process-events";

export type ProcessorLoop = { stop: () => Promise<void>; processedTotal: () => number };

/** Drains pending conversation IncomingEvents in batches (see startDrainLoop for waking and polling). */
export async function startInteractionProcessor(opts: {
  db: Db;
  connectionString: string;
  log: Logger;
  process: ProcessOptions;
  batchSize?: number;
  idleMs?: number;
  coalesceMs?: number;
}): Promise<ProcessorLoop> {
  let total = 0;
  const loop = await startDrainLoop({
    name: "interactions",
    connectionString: opts.connectionString,
    channel: "incoming_event",
    log: opts.log,
    batchSize: opts.batchSize ?? 500,
    idleMs: opts.idleMs,
    coalesceMs: opts.coalesceMs,
    drain: async (limit) => {
      const r = await processPendingBatch(opts.db, limit, opts.process);
      total += r.processed;
      if (r.processed > 0) opts.log.debug({ ...r }, "processed incoming events");
      return r.processed;
    },
  });
  return { stop: loop.stop, processedTotal: () => total };
}
