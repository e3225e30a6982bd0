import { requireApiUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { peopleQuerySchema } from "@/lib/people/search-query";
import { searchPeople } from "@/lib/people/search-people";

export const dynamic = "force-dynamic";

/** Managers: the people list (search, filters, sort), one keyset page per request. */
export async function GET(req: Request) {
  const a = await requireApiUser(req, "people");
  if (!a.ok) return a.response;
  const parsed = peopleQuerySchema.safeParse(Object.fromEntries(new URL(req.url).searchParams));
  if (!parsed.success) return Response.json({ error: parsed.error.issues[0]?.message ?? "bad query" }, { status: 400 });
  return Response.json(await searchPeople(db, parsed.data, { region: env().DEFAULT_REGION }));
}
