import type { Sql } from "../sql";

/**
 * For an UPDATE of most of a table's rows: its indexes and key constraints are dropped
 * first and rebuilt after, inside the caller's transaction (so nobody ever sees the table
 * without them). Every updated row would otherwise insert into every index at a random
 * place, and with a buffer cache smaller than the indexes (Postgres' default 128 MB) that
 * thrashes: on a million source records, 52 s for the UPDATE alone against 8 s plus 16 s
 * of sorted rebuilds. The table is locked exclusively until commit, which a full sync can
 * afford for tables only ingest and incremental resolves write (they wait for it anyway);
 * never for contact_points, which the call router and the interaction processor read. Definitions come from the
 * catalog, so the rebuild is exactly what the migrations made. Check constraints stay.
 */
export async function withIndexesRebuilt<T>(tx: Sql, table: string, work: () => Promise<T>): Promise<T> {
  const referenced = await tx.query("SELECT 1 FROM pg_constraint WHERE confrelid = $1::regclass LIMIT 1", [table]);
  // a key another table points at cannot be dropped; then the slow path is the safe one
  if ((referenced.rowCount ?? 0) > 0) return work();
  const constraints = await tx.query<{ name: string; def: string }>(
    `SELECT conname AS name, pg_get_constraintdef(oid) AS def FROM pg_constraint
      WHERE conrelid = $1::regclass AND contype IN ('p', 'u', 'f') ORDER BY contype DESC, conname`,
    [table],
  );
  const indexes = await tx.query<{ name: string; def: string }>(
    `SELECT i.relname AS name, pg_get_indexdef(i.oid) AS def
       FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
      WHERE x.indrelid = $1::regclass AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.oid)`,
    [table],
  );
  await tx.query(`LOCK TABLE ${table} IN ACCESS EXCLUSIVE MODE`);
  await tx.query("SET LOCAL maintenance_work_mem = '512MB'");
  for (const c of constraints.rows) await tx.query(`ALTER TABLE ${table} DROP CONSTRAINT ${quote(c.name)}`);
  for (const i of indexes.rows) await tx.query(`DROP INDEX ${quote(i.name)}`);
  const result = await work();
  for (const i of indexes.rows) await tx.query(i.def);
  // primary and unique keys before the foreign keys that may lean on them
  for (const c of [...constraints.rows].reverse()) await tx.query(`ALTER TABLE ${table} ADD CONSTRAINT ${quote(c.name)} ${c.def}`);
  return result;
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;
