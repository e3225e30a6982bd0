import type { QueryResult } from "pg";
import type { Sql } from "./sql";

/**
 * Who may write identity assignments when. Incremental resolves and ops actions hold the
 * shared lock for their transaction; a full sync holds it exclusively from the moment it
 * reads the records until it has written its result, so nothing it read changes under it
 * (changes that arrive meanwhile queue behind it and are resolved against its result).
 */
const ASSIGNMENTS = 7_201_655_101;
/** One full sync at a time: a second one started meanwhile has nothing to add. */
const FULL_SYNC = 7_201_655_102;

export async function lockAssignmentsShared(tx: Sql): Promise<void> {
  await tx.query("SELECT pg_advisory_xact_lock_shared($1)", [ASSIGNMENTS]);
}

/**
 * The shared lock, then `statements` (values inlined, no bind parameters), in one round
 * trip: statements of one simple query; returns each of `statements`' results. Separate
 * statements, not subqueries, so they take their table locks and snapshots only once the
 * lock is held (a full sync holds the lock while it waits for table locks of its own).
 * With `begin`, the same round trip opens the transaction first.
 */
export async function lockAssignmentsSharedThen(tx: Sql, statements: readonly string[], opts: { begin?: boolean } = {}): Promise<QueryResult[]> {
  const head = [...(opts.begin ? ["BEGIN"] : []), `SELECT pg_advisory_xact_lock_shared(${ASSIGNMENTS})`];
  const results = (await tx.query([...head, ...statements].join("; "))) as unknown as QueryResult[];
  return results.slice(head.length);
}

export async function lockAssignmentsExclusive(session: Sql): Promise<void> {
  await session.query("SELECT pg_advisory_lock($1)", [ASSIGNMENTS]);
}

export async function unlockAssignmentsExclusive(session: Sql): Promise<void> {
  await session.query("SELECT pg_advisory_unlock($1)", [ASSIGNMENTS]);
}

export async function tryLockFullSync(session: Sql): Promise<boolean> {
  const r = await session.query<{ ok: boolean }>("SELECT pg_try_advisory_lock($1) AS ok", [FULL_SYNC]);
  return r.rows[0]?.ok === true;
}

export async function unlockFullSync(session: Sql): Promise<void> {
  await session.query("SELECT pg_advisory_unlock($1)", [FULL_SYNC]);
}
