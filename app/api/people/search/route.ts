import { requireApiUser } from "@/lib/auth/session";
import { listPeople } from "@/lib/people/list-people";

export const dynamic = "force-dynamic";

/** Find a person by name, email or phone (ops use it to link a contact). */
export async function GET(req: Request) {
  const a = await requireApiUser(req, "unidentified");
  if (!a.ok) return a.response;
  const q = new URL(req.url).searchParams.get("q")?.trim() ?? "";
  if (q.length < 2) return Response.json({ people: [] });
  return Response.json({ people: await listPeople({ query: q, limit: 10 }) });
}
