import { z } from "zod";
import { defineJob } from "./define-job";

/** Heartbeats of workers gone for a day tell nobody anything; sweep them hourly. */
export const pruneHeartbeats = defineJob({
  name: "heartbeats.prune",
  schema: z.object({}).passthrough(),
  schedule: "17 * * * *",
  handler: async (_data, { db, log }) => {
    const { count } = await db.workerHeartbeat.deleteMany({ where: { beatAt: { lt: new Date(Date.now() - 86_400_000) } } });
    if (count) log.info({ count }, "pruned stale worker heartbeats");
  },
});
