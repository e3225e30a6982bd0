import pg from "pg";
import type { Logger } from "@/lib/log/logger";
import { RESOLVE_JOB, RESOLVE_CHUNK } from "./jobs";
import { processSourceEvents } from "./source-events";

export type SourceEventLoop = { stop: () => Promise<void> };

/**
 * Drains pending source-vendor webhooks (orders, bookings) into source records and hands
 * what changed to the incremental resolve job. Woken by the insert trigger's NOTIFY (the
 * interaction processor listens to the same channel and skips these vendors), and polls
 * every `idleMs`, so a lost notification only delays work. A record whose resolve job could
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
  const batchSize = opts.batchSize ?? 500;
  const idleMs = opts.idleMs ?? 1_000;
  let stopped = false;
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
        const r = await processSourceEvents(opts.pool, batchSize);
        if (r.processed > 0) opts.log.debug({ processed: r.processed, statuses: r.statuses, toResolve: r.toResolve.length }, "stored source records");
        for (let k = 0; k < r.toResolve.length; k += RESOLVE_CHUNK) {
          await opts.send(RESOLVE_JOB, { recordIds: r.toResolve.slice(k, k + RESOLVE_CHUNK) }).catch((e: unknown) => {
            opts.log.warn({ err: String(e) }, "identity resolve job not queued; the next full sync resolves these records");
          });
        }
        if (r.processed < batchSize) await sleep(idleMs);
      } catch (e) {
        opts.log.warn({ err: (e as Error).message }, "source event processing failed; retrying");
        await sleep(idleMs);
      }
    }
  })();

  return {
    stop: async () => {
      stopped = true;
      wake?.();
      await loop;
      await listener?.end().catch(() => {});
    },
  };
}
