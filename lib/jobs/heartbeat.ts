import os from "node:os";
import type { Db } from "@/lib/db/client";

export type Heartbeat = { workerId: string; stop: () => Promise<void> };

/** Writes this worker's heartbeat row now and every `everyMs`. */
export async function startHeartbeat(db: Db, workerId: string, everyMs = 5_000, onError?: (e: unknown) => void): Promise<Heartbeat> {
  const startedAt = new Date();
  const beat = () =>
    db.workerHeartbeat.upsert({
      where: { workerId },
      create: { workerId, pid: process.pid, host: os.hostname(), startedAt, beatAt: new Date() },
      update: { beatAt: new Date() },
    });
  await beat();
  const timer = setInterval(() => {
    beat().catch((e) => onError?.(e));
  }, everyMs);
  return {
    workerId,
    stop: async () => {
      clearInterval(timer);
      await db.workerHeartbeat.delete({ where: { workerId } }).catch(() => {});
    },
  };
}
