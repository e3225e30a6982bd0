/**
 * A cursor sync's state in Postgres: the cursor (sync_cursors: `{"atMs","id"}`, the last
 * event taken, by time then id), a lease (sync_status: one worker at a time runs a sync, so
 * the process's request budget is the whole budget), and progress. A page is committed in one
 * transaction: its events, the ones recovered, the cursor after them, the counters. A sync
 * that dies resumes after the last committed page; re-reading a page stores nothing twice.
 */
import type { Db } from "@/lib/db/client";
import type { IncomingEventDraft } from "@/lib/interactions/connectors/types";
import { storeIncomingEvent } from "@/lib/interactions/store-incoming-event";

export type Cursor = { atMs: number; id: string };

/** Before → after in cursor order (time, then id). */
export const cursorAfter = (e: Cursor, c: Cursor) => e.atMs > c.atMs || (e.atMs === c.atMs && e.id > c.id);

export async function readCursor(db: Db, name: string): Promise<Cursor | null> {
  const row = await db.syncCursor.findUnique({ where: { name } });
  if (!row) return null;
  const c = JSON.parse(row.cursor) as Partial<Cursor>;
  return typeof c.atMs === "number" && typeof c.id === "string" ? { atMs: c.atMs, id: c.id } : null;
}

/** Takes (or renews) the sync's lease; false while another worker holds it. */
export async function takeLease(db: Db, name: string, owner: string, leaseMs: number): Promise<boolean> {
  const n = await db.$executeRaw`
    INSERT INTO sync_status (name, lease_owner, lease_until) VALUES (${name}, ${owner}, now() + make_interval(secs => ${leaseMs / 1000}::float8))
    ON CONFLICT (name) DO UPDATE SET lease_owner = excluded.lease_owner, lease_until = excluded.lease_until, updated_at = now()
     WHERE sync_status.lease_owner IS NULL OR sync_status.lease_owner = ${owner} OR sync_status.lease_until < now()`;
  return n > 0;
}

export async function releaseLease(db: Db, name: string, owner: string): Promise<void> {
  await db.$executeRaw`UPDATE sync_status SET lease_owner = NULL, lease_until = NULL WHERE name = ${name} AND lease_owner = ${owner}`;
}

export interface PageCommit {
  drafts: { event: IncomingEventDraft; emittedAt: Date }[];
  cursor: Cursor;
  requests: number;
  rateLimited: number;
}

/**
 * Null when the lease was lost meanwhile (nothing written: the new holder reads it again).
 * A committed page renews the lease for 30 s, so a long pass keeps it while it makes progress.
 */
export async function commitPage(db: Db, name: string, owner: string, page: PageCommit): Promise<{ recovered: number } | null> {
  return db.$transaction(async (tx) => {
    const mine = await tx.$executeRaw`
      UPDATE sync_status SET last_pass_at = now(), last_error = NULL, events_seen = events_seen + ${page.drafts.length},
             lease_until = greatest(lease_until, now() + interval '30 seconds'),
             requests = requests + ${page.requests}, rate_limited = rate_limited + ${page.rateLimited}, updated_at = now()
       WHERE name = ${name} AND lease_owner = ${owner}`;
    if (mine === 0) return null;
    let recovered = 0;
    for (const { event, emittedAt } of page.drafts) {
      const stored = await storeIncomingEvent(tx, event);
      if (!stored.stored) continue; // the webhook (or an earlier pass) has it
      recovered += 1;
      await tx.$executeRaw`
        INSERT INTO sync_recoveries (vendor, vendor_event_id, incoming_event_id, emitted_at)
        VALUES (${event.vendor}::"Vendor", ${event.vendorEventId}, ${stored.id}::uuid, ${emittedAt})`;
    }
    if (recovered) await tx.$executeRaw`UPDATE sync_status SET events_recovered = events_recovered + ${recovered} WHERE name = ${name}`;
    const cursor = JSON.stringify(page.cursor);
    await tx.$executeRaw`
      INSERT INTO sync_cursors (name, cursor, updated_at) VALUES (${name}, ${cursor}, now())
      ON CONFLICT (name) DO UPDATE SET cursor = excluded.cursor, updated_at = now()`;
    return { recovered };
  });
}

export async function recordSyncError(db: Db, name: string, error: string): Promise<void> {
  await db.$executeRaw`UPDATE sync_status SET last_pass_at = now(), last_error = ${error.slice(0, 500)}, updated_at = now() WHERE name = ${name}`;
}
