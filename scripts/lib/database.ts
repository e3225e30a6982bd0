import pg from "pg";
import { startEmbeddedPostgres, withDatabase, type EmbeddedDb } from "@/lib/db/embedded";

export type ServerHandle = { serverUrl: string; embedded: EmbeddedDb | null };

/**
 * The Postgres server to use: DATABASE_URL's when set, else an embedded one with
 * its data under .data/<name>. Returns a URL to the server's `postgres` database
 * (for CREATE DATABASE) and the handle to stop an embedded one.
 */
export async function provideServer(name: string, port: number, log: (s: string) => void): Promise<ServerHandle> {
  if (process.env.DATABASE_URL) return { serverUrl: process.env.DATABASE_URL, embedded: null };
  const embedded = await startEmbeddedPostgres({ name, port, log });
  log(`embedded Postgres on 127.0.0.1:${port} (data in .data/${name})`);
  return { serverUrl: embedded.url, embedded };
}

/** Creates `database` on the server if it does not exist; returns its URL. */
export async function ensureDatabase(serverUrl: string, database: string): Promise<string> {
  const admin = new pg.Client({ connectionString: withDatabase(serverUrl, "postgres") });
  await admin.connect();
  try {
    const found = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
    if (found.rowCount === 0) await admin.query(`CREATE DATABASE "${database.replace(/"/g, "")}"`);
  } finally {
    await admin.end();
  }
  return withDatabase(serverUrl, database);
}

export async function dropDatabase(serverUrl: string, database: string): Promise<void> {
  const admin = new pg.Client({ connectionString: withDatabase(serverUrl, "postgres") });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${database.replace(/"/g, "")}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

/** Creates `target` as a copy of `source` (which nobody may be connected to); returns its URL. */
export async function cloneDatabase(serverUrl: string, source: string, target: string): Promise<string> {
  const admin = new pg.Client({ connectionString: withDatabase(serverUrl, "postgres") });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${target.replace(/"/g, "")}" TEMPLATE "${source.replace(/"/g, "")}"`);
  } finally {
    await admin.end();
  }
  return withDatabase(serverUrl, target);
}
