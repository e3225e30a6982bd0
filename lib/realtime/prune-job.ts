import { z } from "zod";
import { defineJob } from "@/lib/jobs/define-job";

const KEEP_MS = 86_400_000;
const CHUNK = 10_000;

/**
 * Stored realtime events older than a day are pruned every ten minutes: a browser away
 * longer than that gets a `reset` (refetch) instead of a replay. By seq, not by age alone:
 * what remains is always an unbroken run of seqs (created_at is the transaction's start,
 * not its commit), and the newest row always stays, so the largest seq handed out is
 * known (lib/realtime/store.ts readBounds). In chunks, so no delete holds locks for long.
 */
export const pruneRealtimeEvents = defineJob({
  name: "realtime.prune",
  schema: z.object({}).passthrough(),
  schedule: "*/10 * * * *",
  handler: async (_data, { db, log }) => {
    const cutoff = new Date(Date.now() - KEEP_MS);
    let total = 0;
    for (;;) {
      const n = await db.$executeRaw`
        DELETE FROM realtime_events WHERE seq IN (
          SELECT seq FROM realtime_events
           WHERE seq <= (SELECT max(seq) FROM realtime_events WHERE created_at < ${cutoff})
             AND seq < (SELECT max(seq) FROM realtime_events)
           ORDER BY seq LIMIT ${CHUNK})`;
      total += n;
      if (n < CHUNK) break;
    }
    if (total) log.info({ count: total }, "pruned realtime events");
  },
});
