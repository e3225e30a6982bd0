import { z } from "zod";
import { requireApiUser } from "@/lib/auth/session";
import { readJson } from "@/lib/http/read-json";
import type { DecisionResult } from "@/lib/identity/db/decide-possible-match";

const body = z.object({ reason: z.string().trim().max(500).optional() });
const STATUS = { not_found: 404, already_decided: 409, record_missing: 409 } as const;

/** POST /api/review/matches/<id>/{confirm,reject}: ops and up, same origin, an optional reason. */
export async function decisionRoute(req: Request, params: Promise<{ id: string }>, decide: (input: { id: string; actor: string; reason?: string }) => Promise<DecisionResult>): Promise<Response> {
  const auth = await requireApiUser(req, "review");
  if (!auth.ok) return auth.response;
  const { id } = await params;
  if (!z.uuid().safeParse(id).success) return Response.json({ error: "not a possible match id" }, { status: 400 });
  const parsed = await readJson(req, body);
  if (!parsed.ok) return parsed.response;
  const result = await decide({ id, actor: auth.user.email, reason: parsed.data.reason || undefined });
  return result.ok ? Response.json(result) : Response.json({ error: result.reason }, { status: STATUS[result.reason] });
}
