import pg from "pg";
import { databaseUrl } from "@/lib/db/client";

/**
 * The webhook routes' own node-postgres pool, not Prisma: a webhook's one write is a single
 * INSERT, and through Prisma's client each one cost more CPU than the rest of the request's
 * own work (profiled under bench:ingest). One pool per process, made on first use.
 */
const globalForPool = globalThis as unknown as { __webhookPool?: pg.Pool };

export function webhookPool(): pg.Pool {
  globalForPool.__webhookPool ??= createWebhookPool(databaseUrl());
  return globalForPool.__webhookPool;
}

export function createWebhookPool(connectionString: string, max = 10): pg.Pool {
  // A query that hangs (database gone) must fail rather than hold a webhook open.
  const pool = new pg.Pool({ connectionString, max, connectionTimeoutMillis: 5_000, statement_timeout: 30_000 });
  // an idle client losing its connection must not crash the process; the next query reconnects
  pool.on("error", () => {});
  return pool;
}
