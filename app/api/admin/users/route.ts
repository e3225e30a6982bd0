import { requireApiUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { createUser, listUsers, newUserSchema } from "@/lib/users/manage-users";
import { readJson } from "@/lib/http/read-json";

export const dynamic = "force-dynamic";

export async function GET(req: Request) {
  const a = await requireApiUser(req, "users");
  if (!a.ok) return a.response;
  return Response.json({ users: await listUsers(db) });
}

export async function POST(req: Request) {
  const a = await requireApiUser(req, "users");
  if (!a.ok) return a.response;
  const body = await readJson(req, newUserSchema);
  if (!body.ok) return body.response;
  const result = await createUser(db, body.data);
  if (!result.ok) return Response.json({ error: "a user with this email already exists" }, { status: 409 });
  return Response.json({ id: result.id }, { status: 201 });
}
