import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import pg from "pg";

/**
 * Our migration runner: plain SQL files under prisma/migrations/<name>/migration.sql,
 * applied in name order, each once, each in its own transaction, recorded in
 * `schema_migrations` with a checksum so an edited, already-applied file is caught.
 */
// Every process (web, worker, scripts, tests) runs from the repository root.
export const MIGRATIONS_DIR = path.join(process.cwd(), "prisma", "migrations");

export type Migration = { name: string; sql: string; checksum: string };

export async function listMigrations(dir = MIGRATIONS_DIR): Promise<Migration[]> {
  const entries = await readdir(/*turbopackIgnore: true*/ dir, { withFileTypes: true });
  const names = entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
  return Promise.all(
    names.map(async (name) => {
      const sql = await readFile(/*turbopackIgnore: true*/ path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    }),
  );
}

const LEDGER = `CREATE TABLE IF NOT EXISTS schema_migrations (
  name text PRIMARY KEY,
  checksum text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now()
)`;

// Two processes starting at once (web + worker) must not both apply a file.
const LOCK_KEY = 7_201_655_001;

export async function migrate(
  connectionString: string,
  opts: { dir?: string; log?: (msg: string) => void } = {},
): Promise<{ applied: string[] }> {
  const log = opts.log ?? (() => {});
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [LOCK_KEY]);
    await client.query(LEDGER);
    const done = new Map(
      (await client.query<{ name: string; checksum: string }>("SELECT name, checksum FROM schema_migrations")).rows.map(
        (r) => [r.name, r.checksum],
      ),
    );
    const applied: string[] = [];
    for (const m of await listMigrations(opts.dir)) {
      const seen = done.get(m.name);
      if (seen) {
        if (seen !== m.checksum) throw new Error(`migration ${m.name} was edited after it was applied`);
        continue;
      }
      await client.query("BEGIN");
      try {
        await client.query(m.sql);
        await client.query("INSERT INTO schema_migrations (name, checksum) VALUES ($1, $2)", [m.name, m.checksum]);
        await client.query("COMMIT");
      } catch (err) {
        await client.query("ROLLBACK");
        throw new Error(`migration ${m.name} failed: ${(err as Error).message}`, { cause: err });
      }
      applied.push(m.name);
      log(`applied ${m.name}`);
    }
    return { applied };
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [LOCK_KEY]).catch(() => {});
    await client.end();
  }
}

/** Names of migrations on disk that the database has not applied (empty = current). */
// The files on disk cannot change under a running process: read them once, not on every health probe.
let onDiskOnce: Promise<Migration[]> | undefined;

export async function pendingMigrations(query: (sql: string) => Promise<{ name: string }[]>): Promise<string[]> {
  onDiskOnce ??= listMigrations().catch((e: unknown) => {
    onDiskOnce = undefined;
    throw e;
  });
  const onDisk = await onDiskOnce;
  let applied: Set<string>;
  try {
    applied = new Set((await query("SELECT name FROM schema_migrations")).map((r) => r.name));
  } catch {
    return onDisk.map((m) => m.name);
  }
  return onDisk.map((m) => m.name).filter((n) => !applied.has(n));
}
