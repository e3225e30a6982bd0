import { forbidden, redirect } from "next/navigation";
import { headers as nextHeaders } from "next/headers";
import { auth } from "./server";
import { AREA_ROLE, canAccess, isRole, type Area, type Role } from "./roles";
import { isSameOrigin } from "@/lib/http/origin";

export type SessionUser = { id: string; email: string; name: string; role: Role };

export async function getSessionUser(headers: Headers): Promise<SessionUser | null> {
  const session = await auth().api.getSession({ headers });
  if (!session) return null;
  const role = (session.user as { role?: unknown }).role;
  if (!isRole(role)) return null;
  return { id: session.user.id, email: session.user.email, name: session.user.name, role };
}

/** For server components: the signed-in user allowed into `area`, else login or 403. */
export async function requirePageUser(area: Area): Promise<SessionUser> {
  const user = await getSessionUser(await nextHeaders());
  if (!user) redirect("/login");
  if (!canAccess(user.role, area)) forbidden();
  return user;
}

export async function requireSignedIn(): Promise<SessionUser> {
  const user = await getSessionUser(await nextHeaders());
  if (!user) redirect("/login");
  return user;
}

export type ApiAuth = { ok: true; user: SessionUser } | { ok: false; response: Response };

/**
 * For route handlers: checks the session, the role, and (for state-changing
 * methods) that the request comes from our own origin.
 */
export async function requireApiUser(req: Request, area: Area): Promise<ApiAuth> {
  if (req.method !== "GET" && req.method !== "HEAD" && !isSameOrigin(req)) {
    return { ok: false, response: Response.json({ error: "cross-site request refused" }, { status: 403 }) };
  }
  const user = await getSessionUser(req.headers);
  if (!user) return { ok: false, response: Response.json({ error: "not signed in" }, { status: 401 }) };
  if (!canAccess(user.role, area)) {
    return {
      ok: false,
      response: Response.json({ error: `requires the ${AREA_ROLE[area]} role` }, { status: 403 }),
    };
  }
  return { ok: true, user };
}
