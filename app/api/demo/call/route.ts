import { requireApiUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { placeDemoCall } from "@/lib/softphone/demo-call";

export const dynamic = "force-dynamic";

/** Demo mode: a simulated customer calls the business line. */
export async function POST(req: Request) {
  const a = await requireApiUser(req, "softphone");
  if (!a.ok) return a.response;
  const r = await placeDemoCall(db);
  return r.ok ? Response.json(r, { status: 201 }) : Response.json({ error: r.reason }, { status: 409 });
}
