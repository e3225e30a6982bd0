import { auth } from "@/lib/auth/server";
import type { SessionUser } from "@/lib/auth/session";

/**
 * Is the session a stream was opened with still good for it: not signed out or revoked,
 * same user, same role (a new role means other audiences)? Asked now and then by an open
 * stream, so it must not count as activity: no session refresh.
 */
export async function sessionStillValid(headers: Headers, user: Pick<SessionUser, "id" | "role">): Promise<boolean> {
  const s = await auth().api.getSession({ headers, query: { disableRefresh: true } });
  return s?.user.id === user.id && (s.user as { role?: unknown }).role === user.role;
}
