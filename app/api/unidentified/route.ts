import { z } from "zod";
import { requireApiUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { listUnidentifiedContacts, recentDecisions } from "@/lib/interactions/unidentified";

export const dynamic = "force-dynamic";

const query = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

export async function GET(req: Request) {
  const a = await requireApiUser(req, "unidentified");
  if (!a.ok) return a.response;
  const parsed = query.safeParse(Object.fromEntries(new URL(req.url).searchParams));
  if (!parsed.success) return Response.json({ error: "invalid query", issues: parsed.error.issues }, { status: 400 });
  const [page, decisions] = await Promise.all([listUnidentifiedContacts(db, parsed.data), recentDecisions(db)]);
  return Response.json({ ...page, decisions });
}
