/**
 * Which worker acts for a call: PhoneCall.lease_owner until lease_expires_at.
 * Every write here is a guarded UPDATE, so two workers can race for a call and
 * exactly one wins; the owner renews well before expiry, and a dead owner's
 * calls become claimable once its leases lapse. A call needs an owner while it
 * is live, or while it has effects not yet run or mailbox rows due (a late
 * callback after completion is still processed and recorded).
 */
import type { Db } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import { ownerIsGone } from "./liveness";

type Sql = Pick<Db, "$queryRaw" | "$executeRaw">;

const ownerGone = ownerIsGone(Prisma.sql`p.lease_owner`);

export interface Claimed {
  id: string;
  /** 0: the call was never acted on (fresh); otherwise a takeover or restart: recover first */
  version: number;
}

/** Claim up to `limit` calls that need an owner and have none (or a lapsed one). */
export async function claimFree(db: Sql, owner: string, leaseMs: number, limit: number): Promise<Claimed[]> {
  if (limit <= 0) return [];
  return db.$queryRaw<Claimed[]>`
    WITH work AS (
      SELECT id FROM phone_calls WHERE state NOT IN ('completed', 'failed')
      UNION SELECT phone_call_id FROM call_effects WHERE done_at IS NULL
      UNION SELECT phone_call_id FROM call_events WHERE processed_at IS NULL AND (due_at IS NULL OR due_at <= now())
    ), free AS (
      SELECT p.id FROM phone_calls p JOIN work w ON w.id = p.id
       WHERE p.lease_owner IS NULL OR p.lease_expires_at < now() OR ${ownerGone}
       ORDER BY p.started_at
       LIMIT ${limit}::int
       FOR UPDATE OF p SKIP LOCKED
    )
    UPDATE phone_calls p SET lease_owner = ${owner}, lease_expires_at = now() + ${leaseMs}::int * interval '1 millisecond'
      FROM free WHERE p.id = free.id
    RETURNING p.id::text AS id, p.version`;
}

/**
 * Claim one call (woken by a NOTIFY for it); null when it needs no owner, has a live
 * one, or is locked right now: a row someone is writing is not waited on (its owner is
 * acting on it; if that owner is gone, the sweep claims it), so a NOTIFY for a peer's
 * call never queues behind the peer's step.
 */
export async function claimOne(db: Sql, owner: string, leaseMs: number, id: string): Promise<Claimed | null> {
  const rows = await db.$queryRaw<Claimed[]>`
    WITH free AS (
      SELECT p.id FROM phone_calls p
       WHERE p.id = ${id}::uuid
         AND (p.lease_owner IS NULL OR p.lease_expires_at < now() OR ${ownerGone})
         AND (p.state NOT IN ('completed', 'failed')
              OR EXISTS (SELECT 1 FROM call_effects e WHERE e.phone_call_id = p.id AND e.done_at IS NULL)
              OR EXISTS (SELECT 1 FROM call_events v WHERE v.phone_call_id = p.id AND v.processed_at IS NULL
                                                       AND (v.due_at IS NULL OR v.due_at <= now())))
       FOR UPDATE OF p SKIP LOCKED
    )
    UPDATE phone_calls p SET lease_owner = ${owner}, lease_expires_at = now() + ${leaseMs}::int * interval '1 millisecond'
      FROM free WHERE p.id = free.id
    RETURNING p.id::text AS id, p.version`;
  return rows[0] ?? null;
}

/**
 * Extend the leases this worker still holds; returns the ids it holds (anything missing
 * was lost). A row locked right now (this worker's own step holds it FOR UPDATE) is not
 * waited on by the others, or every lease would queue behind the slowest call's
 * transaction and lapse meanwhile: the free rows are extended first, in one statement;
 * a locked one counts as held while its lease is still ours and unexpired (read without
 * a lock) and is extended after that, once its step commits.
 */
export async function renew(db: Sql, owner: string, leaseMs: number, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db.$queryRaw<{ id: string; locked: boolean }[]>`
    WITH mine AS (
      SELECT id FROM phone_calls
       WHERE id = ANY(${ids}::uuid[]) AND lease_owner = ${owner} AND lease_expires_at > now()
       FOR NO KEY UPDATE SKIP LOCKED
    ), renewed AS (
      UPDATE phone_calls p SET lease_expires_at = now() + ${leaseMs}::int * interval '1 millisecond'
        FROM mine WHERE p.id = mine.id
      RETURNING p.id
    )
    SELECT id::text AS id, false AS locked FROM renewed
    UNION ALL
    SELECT id::text, true FROM phone_calls
     WHERE id = ANY(${ids}::uuid[]) AND id NOT IN (SELECT id FROM renewed)
       AND lease_owner = ${owner} AND lease_expires_at > now()`;
  // then the locked ones, one at a time: each waits only for its own call's step to commit
  for (const r of rows.filter((x) => x.locked).sort((a, b) => a.id.localeCompare(b.id))) {
    await db.$executeRaw`
      UPDATE phone_calls SET lease_expires_at = now() + ${leaseMs}::int * interval '1 millisecond'
       WHERE id = ${r.id}::uuid AND lease_owner = ${owner} AND lease_expires_at > now()`;
  }
  return new Set(rows.map((r) => r.id));
}

/**
 * Let go of a finished call: only when nothing is left to do, so a callback that
 * arrived meanwhile keeps it (its NOTIFY finds the call owned and wakes the actor).
 */
export async function releaseIfIdle(db: Sql, owner: string, id: string): Promise<boolean> {
  const n = await db.$executeRaw`
    UPDATE phone_calls p SET lease_owner = NULL, lease_expires_at = NULL
     WHERE p.id = ${id}::uuid AND p.lease_owner = ${owner} AND p.state IN ('completed', 'failed')
       AND NOT EXISTS (SELECT 1 FROM call_effects e WHERE e.phone_call_id = p.id AND e.done_at IS NULL)
       AND NOT EXISTS (SELECT 1 FROM call_events v WHERE v.phone_call_id = p.id AND v.processed_at IS NULL
                                                    AND (v.due_at IS NULL OR v.due_at <= now()))`;
  return n === 1;
}

/** Graceful stop: hand every call back at once, so another worker need not wait for expiry. */
export async function releaseAll(db: Sql, owner: string): Promise<number> {
  return db.$executeRaw`UPDATE phone_calls SET lease_owner = NULL, lease_expires_at = NULL WHERE lease_owner = ${owner}`;
}

/** Inside a transaction: lock the call and confirm this worker still holds it. */
export async function holdsLease(tx: Sql, owner: string, id: string): Promise<boolean> {
  const rows = await tx.$queryRaw<{ ok: boolean }[]>`
    SELECT true AS ok FROM phone_calls WHERE id = ${id}::uuid AND lease_owner = ${owner} AND lease_expires_at > now() FOR UPDATE`;
  return rows.length === 1;
}
