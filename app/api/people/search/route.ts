import { requireApiUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { searchPeople } from "@/lib/people/search-people";

export const dynamic = "force-dynamic";

/** Find a person by name, email or phone (ops use it to link a contact). */
export async function GET(req: Request) {
  const a = await requireApiUser(req, "unidentified");
  if (!a.ok) return a.response;
  const q = new URL(req.url).searchParams.get("q")?.trim().slice(0, 200) ?? "";
  if (q.length < 2) return Response.json({ people: [] });
  const { people } = await searchPeople(db, { q, limit: 10 }, { region: env().DEFAULT_REGION });
  return Response.json({ people });
}
