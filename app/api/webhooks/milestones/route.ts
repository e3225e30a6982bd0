import { db } from "@/lib/db/client";
import { receiveMilestones } from "@/lib/analytics/receive-milestones";

export const dynamic = "force-dynamic";

/** Person milestones as a webhook: X-Switchboard-Signature (hex HMAC-SHA256 of the body with SOURCES_WEBHOOK_SECRET). */
export function POST(req: Request) {
  return receiveMilestones(req, db, { kind: "signature", secret: process.env.SOURCES_WEBHOOK_SECRET });
}
