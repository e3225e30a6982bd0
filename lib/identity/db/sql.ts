import { createHash } from "node:crypto";
import pg from "pg";
import { databaseUrl } from "@/lib/db/client";

/**
 * The identity store talks to Postgres through node-postgres directly, not Prisma: a full
 * sync streams millions of rows with COPY, and an incremental resolve must finish in a few
 * milliseconds, a dozen statements at a time. Everything else in the app keeps using the
 * Prisma client; both see the same tables.
 */
export type Sql = pg.ClientBase;

const globalForPool = globalThis as unknown as { __identityPool?: pg.Pool };

/** One pool per process, made on first use (importing this never needs a database). */
export function identityPool(): pg.Pool {
  globalForPool.__identityPool ??= createIdentityPool(databaseUrl());
  return globalForPool.__identityPool;
}

export function createIdentityPool(connectionString: string, max = 4): pg.Pool {
  const pool = new pg.Pool({ connectionString, max, connectionTimeoutMillis: 5_000 });
  // an idle client losing its connection must not crash the process; the next query reconnects
  pool.on("error", () => {});
  return pool;
}

/** Runs `fn` in a transaction on a client of the pool; rolls back when it throws. */
export async function inTransaction<T>(pool: pg.Pool, fn: (client: Sql) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    const result = await fn(client);
    await client.query("COMMIT");
    return result;
  } catch (e) {
    await client.query("ROLLBACK").catch(() => {});
    throw e;
  } finally {
    client.release();
  }
}

/** On one client of the pool, outside a transaction (the caller manages them). */
export async function withClient<T>(pool: pg.Pool, fn: (client: Sql) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    return await fn(client);
  } finally {
    client.release();
  }
}

const statementNames = new Map<string, string>();

/**
 * A query as a named prepared statement: each connection parses and plans it once, then
 * reuses the plan (Postgres re-plans when a table it reads changes shape). For the
 * incremental resolve's big statements, planning cost more than running them. The name
 * is a hash of the text, so each distinct text gets its own statement.
 */
export function prepared(text: string, values: readonly unknown[]): pg.QueryConfig<unknown[]> {
  let name = statementNames.get(text);
  if (name === undefined) {
    name = `sb_${createHash("sha1").update(text).digest("base64url").slice(0, 20)}`;
    if (statementNames.size < 1_000) statementNames.set(text, name);
  }
  return { name, text, values: [...values] };
}
