import { db } from "@/lib/db/client";

/** Interactions per channel and direction over the last `days` days. */
export async function channelCounts(days = 30) {
  const since = new Date(Date.now() - days * 86_400_000);
  const rows = await db.interactionEvent.groupBy({
    by: ["channel", "direction"],
    where: { occurredAt: { gte: since } },
    _count: { _all: true },
    orderBy: [{ channel: "asc" }, { direction: "asc" }],
  });
  return rows.map((r) => ({ channel: r.channel, direction: r.direction, count: r._count._all }));
}
