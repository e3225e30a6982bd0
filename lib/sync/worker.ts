/**
 * The vendor syncs as the worker starts them: Front's comms sync followed by FrontCheck, and
 * the Aircall backstop, each only when its API is configured (the simulators' in demo mode).
 */
import type { Db } from "@/lib/db/client";
import type { Logger } from "@/lib/log/logger";
import { checkFront } from "@/lib/frontcheck/check";
import type { SyncConfig } from "@/lib/frontcheck/config";
import { loggingIncidentEmail, type IncidentEmail } from "@/lib/frontcheck/notify";
import { aircallApi } from "@/lib/vendors/aircall/client";
import { frontApi } from "@/lib/vendors/front/client";
import { RequestBudget } from "./request-budget";
import { AIRCALL_SYNC, runAircallSyncPass } from "./aircall-sync";
import { FRONT_SYNC, runFrontSyncPass } from "./front-sync";
import { startSyncLoop, type SyncLoop } from "./sync-loop";

/** One Front budget per process: every Front call of ours goes through it. 80% of the plan leaves room for others; 4 of Front's 5 a second. */
export function frontBudget(planPerMinute: number) {
  return new RequestBudget(Math.max(1, Math.floor(planPerMinute * 0.8)), 4);
}

export interface VendorSyncs {
  front: SyncLoop | null;
  aircall: SyncLoop | null;
  stop(): Promise<void>;
}

export function startVendorSyncs(o: { db: Db; owner: string; log: Logger; config: SyncConfig; email?: IncidentEmail }): VendorSyncs {
  const log = o.log.child({ component: "vendor-sync" });
  const email = o.email ?? loggingIncidentEmail(log);
  const { front: f } = o.config;
  let front: SyncLoop | null = null;
  if (f) {
    const api = frontApi(f.url, f.token, frontBudget(f.planPerMinute));
    // A first pass starts at now: what Front emitted before this deployment had its webhook is
    // not a missed delivery (FrontCheck would raise a false incident for all of it).
    const options = { graceMs: f.graceMs, firstLookbackMs: f.graceMs, defaultRegion: o.config.defaultRegion };
    front = startSyncLoop({
      db: o.db,
      name: FRONT_SYNC,
      owner: o.owner,
      intervalMs: f.intervalMs,
      log,
      pass: async () => {
        const pass = await runFrontSyncPass(o.db, api, o.owner, options);
        if (pass.recovered) log.info({ recovered: pass.recovered }, "Front sync recovered events no webhook delivered");
        const check = await checkFront(o.db, o.config.alerts, email);
        if (check.opened) log.warn({ incidentId: check.opened.id }, "FrontCheck incident opened");
        if (check.cleared) log.info({ incidentId: check.cleared.id }, "FrontCheck incident cleared");
      },
    });
    log.info({ intervalMs: f.intervalMs, graceMs: f.graceMs }, "Front sync and FrontCheck running");
  } else log.info("Front API not configured (FRONT_API_TOKEN): no Front sync, no FrontCheck");

  const { aircall: a } = o.config;
  let aircall: SyncLoop | null = null;
  if (a) {
    // Aircall allows 60 a minute per company: keep to 48, leaving room for other Aircall calls.
    const api = aircallApi(a.url, a.apiId, a.apiToken, new RequestBudget(48, 10));
    const options = { finalAfterS: 60, firstLookbackMs: 24 * 3600_000, defaultRegion: o.config.defaultRegion };
    aircall = startSyncLoop({
      db: o.db,
      name: AIRCALL_SYNC,
      owner: o.owner,
      intervalMs: a.intervalMs,
      log,
      pass: async () => {
        const pass = await runAircallSyncPass(o.db, api, o.owner, options);
        if (pass.recovered) log.info({ recovered: pass.recovered }, "Aircall backstop recovered calls no webhook delivered");
      },
    });
    log.info({ intervalMs: a.intervalMs }, "Aircall backstop running");
  } else log.info("Aircall API not configured (AIRCALL_API_ID): no Aircall backstop");
  return {
    front,
    aircall,
    stop: async () => {
      await Promise.all([front?.stop(), aircall?.stop()]);
    },
  };
}
