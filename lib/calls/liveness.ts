/**
 * Death detection for call owners, faster than a lease can lapse. Each call runtime
 * holds a session-level advisory lock, keyed on its owner id, on its LISTEN
 * connection; Postgres releases it the moment that connection dies (a SIGKILLed or
 * crashed worker, a host gone), so a peer's next sweep sees the lock missing and
 * takes the calls over through the usual recovery path. Leases stay the fence for
 * writes: a false "dead" (a worker whose listener is reconnecting) is a handover,
 * never a double owner, because every write checks lease_owner.
 */
import { Prisma } from "@/lib/db/generated/client";

/** classid of every liveness lock (objid: hashtext(owner)) */
export const LIVENESS_LOCK_CLASS = 0x5342;

/**
 * Run on the owner's connection after every (re)connect and as its probe: take the
 * lock unless this session already holds it (advisory locks stack; one is enough).
 */
export function holdLivenessQuery(owner: string): { text: string; values: unknown[] } {
  return {
    text: `SELECT EXISTS (SELECT 1 FROM pg_locks WHERE pid = pg_backend_pid() AND locktype = 'advisory'
                            AND classid = $1::oid AND objid = hashtext($2)::oid AND objsubid = 2)
              OR pg_try_advisory_lock($1::int, hashtext($2)) AS held`,
    values: [LIVENESS_LOCK_CLASS, owner],
  };
}

/**
 * SQL condition: the lease owner in `column` holds no liveness lock in this
 * database, so its process is gone (a hash collision only makes a dead owner look
 * alive: its calls then wait for the lease, as before).
 */
export function ownerIsGone(column: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`NOT EXISTS (
    SELECT 1 FROM pg_locks l
     WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2
       AND l.classid = ${LIVENESS_LOCK_CLASS}::int::oid AND l.objid = hashtext(${column})::oid
       AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database()))`;
}
