/**
 * In the worker: each configured vendor sync runs a pass every interval, on the one worker
 * holding its lease (the others skip the pass). A pass that fails is recorded on the status
 * row and tried again next interval, from the stored cursor.
 */
import type { Db } from "@/lib/db/client";
import type { Logger } from "@/lib/log/logger";
import { recordSyncError, releaseLease, takeLease } from "./cursor-store";

export interface SyncLoop {
  stop(): Promise<void>;
  /** resolves after the next completed pass (tests, benchmarks) */
  nextPass(): Promise<void>;
}

export function startSyncLoop(o: { db: Db; name: string; owner: string; intervalMs: number; log: Logger; pass: () => Promise<void> }): SyncLoop {
  const leaseMs = Math.max(30_000, o.intervalMs * 3);
  let running: Promise<void> | null = null;
  let stopped = false;
  let waiters: (() => void)[] = [];
  const tick = () => {
    if (running || stopped) return;
    running = (async () => {
      try {
        if (!(await takeLease(o.db, o.name, o.owner, leaseMs))) return;
        await o.pass();
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        o.log.warn({ sync: o.name, err: message }, "sync pass failed");
        await recordSyncError(o.db, o.name, message).catch(() => {});
      }
    })().finally(() => {
      running = null;
      const done = waiters;
      waiters = [];
      done.forEach((w) => w());
    });
  };
  const timer = setInterval(tick, o.intervalMs);
  tick();
  return {
    nextPass: () => new Promise((resolve) => waiters.push(resolve)),
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await running;
      await releaseLease(o.db, o.name, o.owner).catch(() => {});
    },
  };
}
