/**
 * In the worker: wrap-ups whose time is up end by themselves (those staff are
 * available, and a queued caller is offered to them). Once a second; several
 * workers may run it at once (each wrap-up is ended by one UPDATE, once).
 */
import type { Db } from "@/lib/db/client";
import type { Logger } from "@/lib/log/logger";
import { expireWrapUps } from "./presence";

export function startPresenceSweep(db: Db, log: Logger, everyMs = 1_000): { stop: () => void } {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    expireWrapUps(db)
      .then((freed) => freed.length > 0 && log.info({ staff: freed.length }, "wrap-up time over: available again"))
      .catch((e: unknown) => log.warn({ err: e instanceof Error ? e.message : String(e) }, "presence sweep failed"))
      .finally(() => (running = false));
  }, everyMs);
  return { stop: () => clearInterval(timer) };
}
