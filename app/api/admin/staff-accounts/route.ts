import { z } from "zod";
import { requireApiUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { readJson } from "@/lib/http/read-json";
import { processOptionsFromEnv } from "@/lib/interactions/process-options";
import { directoryConfigFromEnv } from "@/lib/staff/accounts/directory";
import { mapAccountSchema, mapStaffAccount, unmapStaffAccount } from "@/lib/staff/accounts/map-account";
import { staffAccountsOverview } from "@/lib/staff/accounts/overview";

export const dynamic = "force-dynamic";

export async function GET(req: Request) {
  const a = await requireApiUser(req, "users");
  if (!a.ok) return a.response;
  return Response.json(await staffAccountsOverview(db, directoryConfigFromEnv()));
}

/** Map an account to a staff member; the events waiting on it are processed again. */
export async function POST(req: Request) {
  const a = await requireApiUser(req, "users");
  if (!a.ok) return a.response;
  const body = await readJson(req, mapAccountSchema);
  if (!body.ok) return body.response;
  const result = await mapStaffAccount(db, { ...body.data, actor: a.user.email }, processOptionsFromEnv());
  return result.ok ? Response.json(result) : Response.json({ error: "no such staff member" }, { status: 404 });
}

export async function DELETE(req: Request) {
  const a = await requireApiUser(req, "users");
  if (!a.ok) return a.response;
  const body = await readJson(req, mapAccountSchema.omit({ staffId: true }).extend({ externalId: z.string().trim().min(1).max(100) }));
  if (!body.ok) return body.response;
  return Response.json({ closed: await unmapStaffAccount(db, { ...body.data, actor: a.user.email }) });
}
