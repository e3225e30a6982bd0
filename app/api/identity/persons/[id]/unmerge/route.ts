import { z } from "zod";
import { requireApiUser } from "@/lib/auth/session";
import { identityPool } from "@/lib/identity/db/sql";
import { unmergeRecords } from "@/lib/identity/db/unmerge";
import { readJson } from "@/lib/http/read-json";

export const dynamic = "force-dynamic";

const body = z.object({ recordIds: z.array(z.uuid()).min(1).max(10_000), reason: z.string().trim().max(500).optional() });
const STATUS = { person_not_found: 404, records_not_on_person: 409, nothing_would_remain: 409 } as const;

/** Ops and managers: split the given records off an over-merged person into a new one. */
export async function POST(req: Request, ctx: { params: Promise<{ id: string }> }) {
  const auth = await requireApiUser(req, "unidentified");
  if (!auth.ok) return auth.response;
  const { id } = await ctx.params;
  if (!z.uuid().safeParse(id).success) return Response.json({ error: "not a person id" }, { status: 400 });
  const parsed = await readJson(req, body);
  if (!parsed.ok) return parsed.response;
  const result = await unmergeRecords(identityPool(), { personId: id, recordIds: parsed.data.recordIds, actor: auth.user.email, reason: parsed.data.reason });
  return result.ok ? Response.json(result, { status: 201 }) : Response.json({ error: result.reason }, { status: STATUS[result.reason] });
}
