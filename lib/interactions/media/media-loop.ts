import type { Db } from "@/lib/db/client";
import { startDrainLoop, type DrainLoop } from "@/lib/jobs/drain-loop";
import type { Logger } from "@/lib/log/logger";
import { fetchDueMedia } from "./fetch-media";
import { postgresMediaStore } from "./store";

/** Fetches queued call media as soon as it is queued (NOTIFY call_media), polling as a fallback. */
export function startMediaFetcher(opts: { db: Db; connectionString: string; log: Logger }): Promise<DrainLoop> {
  const store = postgresMediaStore(opts.db);
  return startDrainLoop({
    name: "call-media",
    connectionString: opts.connectionString,
    channel: "call_media",
    log: opts.log,
    batchSize: 10,
    idleMs: 5_000,
    drain: async (limit) => {
      const r = await fetchDueMedia(opts.db, store, { limit });
      if (r.claimed > 0) opts.log.info({ ...r }, "call media fetched");
      return r.claimed;
    },
  });
}
