import pg from "pg";
import type { Db } from "@/lib/db/client";
import type { Logger } from "@/lib/log/logger";
import { processPendingBatch, type ProcessOptions } from "./process-events";

export type ProcessorLoop = { stop: () => Promise<void>; processedTotal: () => number };

/**
 * Drains pending IncomingEvents in batches. Woken by NOTIFY from the insert
 * trigger; polls every `idleMs` as well, so a lost notification (or a lost
 * listener connection) only delays work, never loses it.
 */
export async function startInteractionProcessor(opts: {
  db: Db;
  connectionString: string;
  log: Logger;
  process: ProcessOptions;
  batchSize?: number;
  idleMs?: number;
  /** After a wake-up, wait this long so events arriving together are processed in one batch. */
  coalesceMs?: number;
}): Promise<ProcessorLoop> {
  const batchSize = opts.batchSize ?? 500;
  const idleMs = opts.idleMs ?? 1_000;
  // Under steady load every insert notifies; a transaction per event would spend the
  // CPU that webhook answers need. A short pause turns a trickle into batches.
  const coalesceMs = opts.coalesceMs ?? 100;
  let stopped = false;
  let total = 0;
  let wake: (() => void) | null = null;
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        wake = null;
        resolve();
      }, ms);
      wake = () => {
        clearTimeout(t);
        wake = null;
        resolve();
      };
    });

  let listener: pg.Client | null = null;
  const listen = async () => {
    if (stopped) return;
    try {
      const client = new pg.Client({ connectionString: opts.connectionString });
      client.on("notification", () => wake?.());
      client.on("error", () => {
        listener = null;
        setTimeout(() => void listen(), idleMs);
      });
      await client.connect();
      await client.query("LISTEN incoming_event");
      listener = client;
    } catch {
      setTimeout(() => void listen(), idleMs);
    }
  };
  await listen();

  const loop = (async () => {
    while (!stopped) {
      try {
        const r = await processPendingBatch(opts.db, batchSize, opts.process);
        total += r.processed;
        if (r.processed > 0) opts.log.debug({ ...r }, "processed incoming events");
        if (r.processed < batchSize) {
          await sleep(idleMs);
          if (!stopped) await new Promise((resolve) => setTimeout(resolve, coalesceMs));
        }
      } catch (e) {
        opts.log.warn({ err: (e as Error).message }, "interaction processing failed; retrying");
        await sleep(idleMs);
      }
    }
  })();

  return {
    processedTotal: () => total,
    stop: async () => {
      stopped = true;
      wake?.();
      await loop;
      await listener?.end().catch(() => {});
    },
  };
}
