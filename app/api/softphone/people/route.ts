import { requireApiUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { searchPeople } from "@/lib/softphone/web";

export const dynamic = "force-dynamic";

/** Find a person to call or text, by name, email or phone. */
export async function GET(req: Request) {
  const a = await requireApiUser(req, "softphone");
  return a.ok ? searchPeople(req, db) : a.response;
}
