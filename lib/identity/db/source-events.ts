import type pg from "pg";
import type { Vendor } from "@/lib/capture/types";
import { toSourceRecords } from "@/lib/identity/sources";
import { DEFAULT_CONFIG, type IdentityConfig } from "../config";
import { inTransaction } from "./sql";
import { upsertSourceRecords, type SourceRecordWrite } from "./upsert-records";

/** The vendors whose webhooks carry identity source records (the interaction processor skips them). */
export const SOURCE_VENDORS: readonly Vendor[] = ["shopify", "simplybook", "appointjet"];

export interface SourceEventSummary {
  readonly processed: number;
  readonly statuses: Record<string, number>;
  /** Source records new or with changed identifying fields. */
  readonly toResolve: string[];
}

/**
 * Claims up to `limit` pending source-vendor events (SKIP LOCKED, so several workers
 * share them), turns each into source records (connectors' toSourceRecords) and stores
 * them (upsert by source and external id), and moves each event to success, or skipped
 * with the reason when its payload holds no record. One transaction: a crash leaves the
 * events pending, and a retry stores nothing twice.
 */
export async function processSourceEvents(pool: pg.Pool, limit: number, config: IdentityConfig = DEFAULT_CONFIG): Promise<SourceEventSummary> {
  return inTransaction(pool, async (tx) => {
    const events = await tx.query<{ id: string; vendor: Vendor; payload: unknown }>(
      `SELECT id, vendor::text AS vendor, payload FROM incoming_events
        WHERE status = 'pending' AND vendor::text = ANY($1::text[])
        ORDER BY received_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [SOURCE_VENDORS, limit],
    );
    const writes: SourceRecordWrite[] = [];
    const ids: string[] = [];
    const targets: string[] = [];
    const reasons: (string | null)[] = [];
    for (const ev of events.rows) {
      const r = toSourceRecords(ev.vendor, ev.payload);
      ids.push(ev.id);
      if (r.ok && r.records.length > 0) {
        for (const draft of r.records) writes.push({ draft, raw: ev.payload });
        targets.push("success");
        reasons.push(null);
      } else {
        targets.push("skipped");
        reasons.push(r.ok ? "no source record in the payload" : r.reason);
      }
    }
    const stored = await upsertSourceRecords(tx, writes, config);
    // guarded on pending: a late duplicate run never moves an event again
    await tx.query(
      `UPDATE incoming_events e SET status = m.target::"IncomingEventStatus", reason = m.reason, processed_at = now(), attempts = e.attempts + 1
         FROM unnest($1::uuid[], $2::text[], $3::text[]) AS m(id, target, reason)
        WHERE e.id = m.id AND e.status = 'pending'`,
      [ids, targets, reasons],
    );
    const statuses: Record<string, number> = {};
    for (const t of targets) statuses[t] = (statuses[t] ?? 0) + 1;
    return { processed: events.rows.length, statuses, toResolve: stored.toResolve };
  });
}
