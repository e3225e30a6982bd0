/** Users of each role signed in through Better Auth's own handler, as session cookies for route tests. */
import type { Role } from "@/lib/auth/roles";
import type { Db } from "@/lib/db/client";
import { createUser } from "@/lib/users/manage-users";

export const TEST_BASE = "http://localhost:3997";

export async function signInAs(db: Db, role: Role, key: string = role): Promise<{ cookie: string; userId: string }> {
  const { auth } = await import("@/lib/auth/server");
  const email = `${key}-${role}@example.com`;
  const made = await createUser(db, { name: key, email, password: "correct-horse", role });
  if (!made.ok) throw new Error(made.reason);
  const res = await auth().handler(
    new Request(`${TEST_BASE}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: TEST_BASE },
      body: JSON.stringify({ email, password: "correct-horse" }),
    }),
  );
  const token = /switchboard\.session_token=([^;]+)/.exec(res.headers.get("set-cookie") ?? "")?.[1];
  if (!token) throw new Error(`sign-in failed (${res.status})`);
  return { cookie: `switchboard.session_token=${token}`, userId: made.id };
}

/** A request to a route handler as a browser on our origin would send it. */
export function asUser(cookie: string | null, path: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}): Request {
  const headers: Record<string, string> = { host: new URL(TEST_BASE).host, origin: TEST_BASE, ...init.headers };
  if (cookie) headers.cookie = cookie;
  if (init.body !== undefined) headers["content-type"] = "application/json";
  return new Request(`${TEST_BASE}${path}`, { method: init.method ?? "GET", headers, body: init.body === undefined ? undefined : JSON.stringify(init.body) });
}
