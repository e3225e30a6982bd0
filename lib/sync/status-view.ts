/** The vendor syncs' progress as the admin status page shows it. */
import type { Db } from "@/lib/db/client";

export interface SyncStatusView {
  name: string;
  cursorAt: Date | null;
  /** how far behind now the cursor is, seconds */
  lagS: number | null;
  eventsSeen: number;
  eventsRecovered: number;
  requests: number;
  rateLimited: number;
  lastPassAt: Date | null;
  lastError: string | null;
  /** the worker running it now, if its lease is live */
  runningOn: string | null;
}

export async function syncStatuses(db: Db, now = new Date()): Promise<SyncStatusView[]> {
  const [statuses, cursors] = await Promise.all([db.syncStatus.findMany({ orderBy: { name: "asc" } }), db.syncCursor.findMany()]);
  const cursorAt = new Map(
    cursors.map((c) => {
      const parsed = JSON.parse(c.cursor) as { atMs?: unknown };
      return [c.name, typeof parsed.atMs === "number" ? new Date(parsed.atMs) : null] as const;
    }),
  );
  return statuses.map((s) => {
    const at = cursorAt.get(s.name) ?? null;
    return {
      name: s.name,
      cursorAt: at,
      lagS: at ? Math.max(0, Math.round((now.getTime() - at.getTime()) / 1000)) : null,
      eventsSeen: s.eventsSeen,
      eventsRecovered: s.eventsRecovered,
      requests: s.requests,
      rateLimited: s.rateLimited,
      lastPassAt: s.lastPassAt,
      lastError: s.lastError,
      runningOn: s.leaseOwner && s.leaseUntil && s.leaseUntil > now ? s.leaseOwner : null,
    };
  });
}
