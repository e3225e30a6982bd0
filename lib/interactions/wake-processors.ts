import type pg from "pg";
import type { Db } from "@/lib/db/client";

const EVERY_MS = 50;
let last = 0;
let pending: ReturnType<typeof setTimeout> | null = null;

/**
 * Tells the processors (LISTEN incoming_event) that events arrived: outside the
 * webhook's own transaction and at most every EVERY_MS, so a burst of webhooks
 * costs one notification and no commit waits on Postgres's notify lock.
 * Fire-and-forget: the processors also poll, so a lost wake-up only delays work.
 */
export function wakeProcessors(db: Pick<Db, "$executeRaw"> | Pick<pg.Pool, "query">): void {
  if (pending) return;
  const wait = Math.max(0, last + EVERY_MS - Date.now());
  pending = setTimeout(() => {
    pending = null;
    last = Date.now();
    const notify = "query" in db && typeof db.query === "function" ? db.query("SELECT pg_notify('incoming_event', '')") : (db as Pick<Db, "$executeRaw">).$executeRaw`SELECT pg_notify('incoming_event', '')`;
    notify.catch(() => {});
  }, wait);
}
