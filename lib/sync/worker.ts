/**
 * The vendor syncs as the worker starts them: Front's comms sync followed by FrontCheck, and
 * the Aircall backstop, each only when its API is configured (the simulators' in demo mode).
 */
import type { Db } from "@/lib/db/client";
import type { Logger } from "@/lib/log/logger";
import { checkFront } from "@/lib/frontcheck/check";
import type { SyncConfig } from "@/lib/frontcheck/config";
import { loggingIncidentEmail, type IncidentEmail } from "@/lib/frontcheck/notify";
import { frontApi } from "@/lib/vendors/front/client";
import { RequestBudget } from "./request-budget";
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
    const options = { graceMs: f.graceMs, firstLookbackMs: 24 * 3600_000, defaultRegion: o.config.defaultRegion };
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
    log.info({ url: f.url, intervalMs: f.intervalMs, graceMs: f.graceMs }, "Front sync and FrontCheck running");
  } else log.info("Front API not configured (FRONT_API_TOKEN): no Front sync, no FrontCheck");
  return {
    front,
    aircall: null,
    stop: async () => {
      await front?.stop();
    },
  };
}
