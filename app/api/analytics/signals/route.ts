import { z } from "zod";
import { requireApiUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { channelSignalsOverview, personChannelSignals } from "@/lib/analytics/channel-signals";
import { readSignalsOverview, ROLLUP_DAYS } from "@/lib/analytics/signals-rollup";

export const dynamic = "force-dynamic";

const query = z.object({ personId: z.uuid().optional(), days: z.coerce.number().int().min(1).max(365).default(90) });

/** Channel signals: one person's (`?personId=`), or everyone's over `?days=` (default 90: the worker's rollup; other windows computed now). Managers and up. */
export async function GET(req: Request) {
  const a = await requireApiUser(req, "analytics");
  if (!a.ok) return a.response;
  const q = query.safeParse(Object.fromEntries(new URL(req.url).searchParams));
  if (!q.success) return Response.json({ error: "invalid query", issues: q.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })) }, { status: 400 });
  const { personId, days } = q.data;
  if (personId) return Response.json(await personChannelSignals(db, personId));
  return Response.json((ROLLUP_DAYS as readonly number[]).includes(days) ? await readSignalsOverview(db, days) : await channelSignalsOverview(db, days));
}
