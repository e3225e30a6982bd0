import { z } from "zod";
import { requireApiUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { staffActivity } from "@/lib/analytics/staff-activity";

export const dynamic = "force-dynamic";

const query = z.object({ days: z.coerce.number().int().min(1).max(92).default(14) });

/** Calls answered and missed, talk time and median time to answer, per staff member and day. Managers and up. */
export async function GET(req: Request) {
  const a = await requireApiUser(req, "analytics");
  if (!a.ok) return a.response;
  const q = query.safeParse(Object.fromEntries(new URL(req.url).searchParams));
  if (!q.success) return Response.json({ error: "invalid query" }, { status: 400 });
  return Response.json({ days: await staffActivity(db, { days: q.data.days }) });
}
