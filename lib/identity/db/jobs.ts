import { z } from "zod";
import { defineJob, type JobDefinition } from "@/lib/jobs/define-job";
import { runFullSync } from "./full-sync/full-sync";
import { runSafetyNets } from "./safety-nets";
import { resolveRecords } from "./resolve-records";
import { identityPool } from "./sql";

export const RESOLVE_JOB = "identity.resolve";
/** Records per resolve job: small enough that a retry redoes little. */
export const RESOLVE_CHUNK = 200;

/** New or changed source records, resolved at once without a full run. */
export const identityResolveJob = defineJob({
  name: RESOLVE_JOB,
  schema: z.object({ recordIds: z.array(z.uuid()).min(1).max(RESOLVE_CHUNK) }),
  handler: async ({ recordIds }, { log }) => {
    const outcomes = await resolveRecords(identityPool(), recordIds);
    const actions: Record<string, number> = {};
    for (const o of outcomes) actions[o.action] = (actions[o.action] ?? 0) + 1;
    log.debug({ records: recordIds.length, actions }, "identity records resolved");
  },
});

/**
 * Nightly full sync: everything re-matched against everything, consensus profiles
 * recomputed, persons emptied by the day's incremental moves swept. A second one started
 * while one runs returns at once.
 */
export const identityFullSyncJob = defineJob({
  name: "identity.full-sync",
  schema: z.object({}).passthrough(),
  schedule: "40 2 * * *",
  handler: async (_data, { log }) => {
    const r = await runFullSync(identityPool(), { log });
    log.info(r.ok ? { runId: r.runId, ...r.stats } : { skipped: r.reason }, "identity full sync");
  },
});

/**
 * Hourly safety nets between full syncs: persons breaking a never-fuse rule are un-merged,
 * orphaned identity persons swept. The window is an hour because an incremental resolve
 * already checks the person it wrote; this catches what other writers (ops links) left.
 */
export const identitySafetyNetsJob = defineJob({
  name: "identity.safety-nets",
  schema: z.object({}).passthrough(),
  schedule: "25 * * * *",
  handler: async (_data, { log }) => {
    const r = await runSafetyNets(identityPool());
    if (r.split.length || r.swept.length) log.info(r, "identity safety nets acted");
  },
});

export const IDENTITY_JOBS: JobDefinition[] = [identityResolveJob, identityFullSyncJob, identitySafetyNetsJob];
