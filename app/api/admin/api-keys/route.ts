import { requireApiUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { createApiKey, listApiKeys, newApiKeySchema } from "@/lib/analytics/api-keys";
import { readJson } from "@/lib/http/read-json";

export const dynamic = "force-dynamic";

export async function GET(req: Request) {
  const a = await requireApiUser(req, "users");
  if (!a.ok) return a.response;
  return Response.json({ keys: await listApiKeys(db) });
}

/** The key itself is in this answer only; it is never shown again. */
export async function POST(req: Request) {
  const a = await requireApiUser(req, "users");
  if (!a.ok) return a.response;
  const body = await readJson(req, newApiKeySchema);
  if (!body.ok) return body.response;
  return Response.json(await createApiKey(db, body.data.name, a.user.email), { status: 201 });
}
