import pg from "pg";
import type { Logger } from "@/lib/log/logger";

export type DrainLoop = { stop: () => Promise<void> };

/**
 * Runs `drain` (one batch; returns how many items it took) until a batch comes
 * back short, then waits: woken by NOTIFY on `channel`, or after `idleMs` at
 * the latest, so a lost notification (or a lost listener connection) only
 * delays work, never loses it. After a wake-up it pauses `coalesceMs` so items
 * arriving together are drained in one batch, not one transaction each.
 */
export async function startDrainLoop(opts: {
  name: string;
  connectionString: string;
  channel: string;
  log: Logger;
  batchSize: number;
  drain: (batchSize: number) => Promise<number>;
  idleMs?: number;
  coalesceMs?: number;
}): Promise<DrainLoop> {
  const idleMs = opts.idleMs ?? 1_000;
  const coalesceMs = opts.coalesceMs ?? 100;
  let stopped = false;
  let wake: (() => void) | null = null;
  // A notification that arrives mid-batch may be for an item the batch's query no longer
  // saw: remembered, so the loop drains again at once instead of after idleMs.
  let woken = false;
  const notified = () => {
    if (wake) wake();
    else woken = true;
  };
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      if (woken) {
        woken = false;
        return resolve();
      }
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
      client.on("notification", notified);
      client.on("error", () => {
        listener = null;
        setTimeout(() => void listen(), idleMs);
      });
      await client.connect();
      await client.query(`LISTEN ${opts.channel}`);
      listener = client;
    } catch {
      setTimeout(() => void listen(), idleMs);
    }
  };
  await listen();

  const loop = (async () => {
    while (!stopped) {
      try {
        woken = false; // this batch looks afresh: what was notified before it started, it sees
        const taken = await opts.drain(opts.batchSize);
        if (taken < opts.batchSize) {
          await sleep(idleMs);
          if (!stopped) await new Promise((resolve) => setTimeout(resolve, coalesceMs));
        }
      } catch (e) {
        opts.log.warn({ loop: opts.name, err: (e as Error).message }, "batch failed; retrying");
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
