import { db } from "@/lib/db/client";
import { checkHealth } from "@/lib/health/check-health";

export const dynamic = "force-dynamic";

/** Readiness: 200 when the database answers and migrations are current, else 503. */
export async function GET() {
  const health = await checkHealth(db);
  const { ok, ...body } = health;
  return Response.json(body, { status: ok ? 200 : 503, headers: { "cache-control": "no-store" } });
}
