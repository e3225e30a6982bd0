import { db } from "@/lib/db/client";
import { receiveMilestones } from "@/lib/analytics/receive-milestones";

export const dynamic = "force-dynamic";

/** Person milestones from our application system: `Authorization: Bearer <API key>` (made on the admin page). */
export function POST(req: Request) {
  return receiveMilestones(req, db, { kind: "bearer" });
}
