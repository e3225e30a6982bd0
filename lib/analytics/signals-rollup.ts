import type { Db } from "@/lib/db/client";
import { defineJob } from "@/lib/jobs/define-job";
import { z } from "zod";
import { channelSignalsOverview, type SignalsOverview } from "./channel-signals";

/**
 * The channel signals over everyone (channelSignalsOverview) are a scan of every outbound
 * interaction of the window and a look-up of its answer: seconds at a million people. They
 * are a materialised rollup instead: the worker recomputes the windows the analytics page
 * shows every five minutes (ROLLUP_DAYS) into channel_signal_rollups, and the page reads
 * the stored row. A rollup, not a table kept by triggers: the figures are medians, and the
 * answered-on channel a per-person mode, over a window that moves with the clock, so no
 * per-row increment keeps them; a five-minute-old figure is fine for a trend panel, and the
 * page says when it was computed. The person page needs no rollup: one person's outbounds
 * and their answers come by the person's index (personChannelSignals).
 */
export const ROLLUP_DAYS = [90] as const;
/** A rollup older than this (the worker stopped) is computed again by the reader. */
export const ROLLUP_MAX_AGE_MS = 30 * 60_000;

export type StoredOverview = SignalsOverview & { computedAt: Date };

export async function refreshSignalsRollup(db: Db, days: number, now = new Date()): Promise<StoredOverview> {
  const overview = await channelSignalsOverview(db, days, now);
  await db.channelSignalRollup.upsert({
    where: { days },
    create: { days, computedAt: now, overview },
    update: { computedAt: now, overview },
  });
  return { ...overview, computedAt: now };
}

/** The stored rollup of `days` when fresh, else computed now (and stored). */
export async function readSignalsOverview(db: Db, days: number, now = new Date()): Promise<StoredOverview> {
  const row = await db.channelSignalRollup.findUnique({ where: { days } });
  if (row && now.getTime() - row.computedAt.getTime() <= ROLLUP_MAX_AGE_MS) {
    return { ...(row.overview as unknown as SignalsOverview), computedAt: row.computedAt };
  }
  return refreshSignalsRollup(db, days, now);
}

export const signalsRollupJob = defineJob({
  name: "analytics.signals-rollup",
  schema: z.object({}).passthrough(),
  schedule: "*/5 * * * *",
  handler: async (_data, { db, log }) => {
    for (const days of ROLLUP_DAYS) {
      const t = performance.now();
      await refreshSignalsRollup(db, days);
      log.info({ days, ms: Math.round(performance.now() - t) }, "channel signals rollup refreshed");
    }
  },
});
