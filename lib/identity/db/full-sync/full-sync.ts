import { randomUUID } from "node:crypto";
import type pg from "pg";
import type { Logger } from "@/lib/log/logger";
import { DEFAULT_CONFIG, type IdentityConfig } from "../../config";
import { resolveIdentities } from "../../resolve";
import { lockAssignmentsExclusive, tryLockFullSync, unlockAssignmentsExclusive, unlockFullSync } from "../lock";
import { sweepOrphans } from "../sweep";
import { findAdopters } from "./adopt";
import { loadRecords, loadRejections, previousAssignment } from "./load";
import { planSync } from "./plan";
import { loadMustLinks, writePossibleMatches } from "./possible";
import { SyncProgress } from "./progress";
import { writeAssignments, writeAudits, writeContacts, writeCrowded, writePersons, writeRejections } from "./write";

export type FullSyncResult =
  | { readonly ok: true; readonly runId: string; readonly stats: Record<string, unknown>; readonly timings: Record<string, number> }
  | { readonly ok: false; readonly reason: "already_running" };

/**
 * The full sync: every source record through the batch engine, reconciled with the store.
 *
 * Reads all records, the previous assignment (so a person keeps its id when it gains or
 * loses records) and the cached rejections; resolves in memory; lets people ops or the
 * seed made adopt the new profiles and unmatched weak records that carry their contacts (adopt.ts); then in one transaction
 * writes persons (created, consensus updated), record assignments, contact points as
 * history, rejections, possible matches for ops to review (pairs ops confirmed are
 * must-links; ones they rejected are merge rejections, see migration 0070), merge audits
 * with evidence and crowded-value counts, and sweeps
 * the persons it emptied. Holds the assignments lock throughout, so incremental resolves
 * wait and then apply on top of the result. Progress goes to identity_sync_runs.
 */
export async function runFullSync(
  pool: pg.Pool,
  opts: { config?: IdentityConfig; log?: Logger; actor?: string; /** rows written from which source_records' and merge_audits' indexes are rebuilt (write.ts) */ bulkAbove?: number } = {},
): Promise<FullSyncResult> {
  const config = opts.config ?? DEFAULT_CONFIG;
  const client = await pool.connect();
  try {
    if (!(await tryLockFullSync(client))) return { ok: false, reason: "already_running" };
    const progress = await SyncProgress.start(pool, "full", opts.log ?? null);
    try {
      await lockAssignmentsExclusive(client);
      await client.query("BEGIN");
      // big hash joins and sorts stay in memory; a sync is one session at a time
      await client.query("SET LOCAL work_mem = '256MB'");
      const loaded = await loadRecords(client);
      const rejections = await loadRejections(client, loaded);
      const mustLinks = await loadMustLinks(client, loaded);
      await progress.stage("load", { records: loaded.inputs.length, cached_rejections: rejections.length, must_links: mustLinks.length });

      const res = resolveIdentities(loaded.inputs, { config, previous: previousAssignment(loaded), rejections, mustLinks });
      const known = new Set(loaded.personIds.filter((p): p is string => p !== null));
      await progress.stage("resolve", { persons: res.stats.persons, merges: res.stats.merges, dropped: res.stats.dropped, weak_attached: res.stats.weakAttached, rejected: res.rejected.length });

      // people ops or the seed made adopt the new profiles and unmatched weak records carrying their contacts
      const adopters = await findAdopters(client, res, known);
      const plan = planSync(res, loaded, known, randomUUID, adopters);
      await progress.stage("adopt", { persons_adopted: adopters.profiles.size, weak_adopted: adopters.weak.size, changed: plan.changed.length });

      const persons = await writePersons(client, plan);
      await progress.stage("persons", { persons_created: persons.created, persons_updated: persons.updated });
      const assigned = await writeAssignments(client, plan, loaded, opts.bulkAbove);
      await progress.stage("assignments", { records_reassigned: assigned });
      const contacts = await writeContacts(client, res, plan);
      await progress.stage("contacts", { contacts_opened: contacts.opened, contacts_closed: contacts.closed, contacts_touched: contacts.touched });
      const rejected = await writeRejections(client, res, loaded);
      await progress.stage("rejections", { rejections_cached: rejected.cached, rejections_dropped: rejected.dropped });
      const possible = await writePossibleMatches(client, res, loaded);
      await progress.stage("possible_matches", { possible_written: possible.written, possible_superseded: possible.superseded });
      const audits = await writeAudits(client, plan, opts.actor ?? "identity.full-sync", opts.bulkAbove);
      const crowded = await writeCrowded(client, res, config.blocking.maxPairwiseBucket);
      const swept = await sweepOrphans(client, plan.emptied);
      await client.query("COMMIT");
      await progress.stage("commit", { audits, crowded_values: crowded, persons_swept: swept.length, persons_emptied: plan.emptied.length });
      await progress.finish();
      return { ok: true, runId: progress.runId, stats: progress.snapshot(), timings: progress.timings };
    } catch (e) {
      await client.query("ROLLBACK").catch(() => {});
      await progress.finish(e).catch(() => {});
      throw e;
    } finally {
      await unlockAssignmentsExclusive(client).catch(() => {});
    }
  } finally {
    await unlockFullSync(client).catch(() => {});
    client.release();
  }
}
