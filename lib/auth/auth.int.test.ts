import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/tests/support/test-db";
import { createUser } from "@/lib/users/manage-users";
import { CLIENT_ADDRESS_HEADER } from "@/lib/http/front-door";
import { guardAuthRequest } from "./sign-in-guard";

/**
 * Better Auth against a real database: password sign-in, the session cookie,
 * role on the session, and the login rate limit.
 */
describe("auth", () => {
  let t: TestDatabase;
  let auth: typeof import("./server").auth;
  let loginThrottleRules: typeof import("./server").loginThrottleRules;
  let getSessionUser: typeof import("./session").getSessionUser;
  const base = "http://localhost:3999";

  beforeAll(async () => {
    t = await createTestDatabase();
    process.env.DATABASE_URL = t.url;
    process.env.PUBLIC_BASE_URL = base;
    process.env.LOGIN_RATE_LIMIT_MAX = "3";
    ({ auth, loginThrottleRules } = await import("./server"));
    ({ getSessionUser } = await import("./session"));
    await createUser(t.db, { name: "Olive", email: "olive@example.com", password: "correct-horse", role: "ops" });
  });
  afterAll(async () => {
    await t.drop();
  });

  // as the route does it: the guard (the address the front door resolved), then Better Auth
  const signIn = (password: string, ip: string) =>
    guardAuthRequest(
      new Request(`${base}/api/auth/sign-in/email`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: base, [CLIENT_ADDRESS_HEADER]: ip },
        body: JSON.stringify({ email: "olive@example.com", password }),
      }),
      t.db,
      loginThrottleRules(),
      (r) => auth().handler(r),
    );

  it("signs in with the right password and carries the role on the session", async () => {
    const res = await signIn("correct-horse", "198.51.100.1");
    expect(res.status).toBe(200);
    const cookie = res.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const token = /switchboard\.session_token=([^;]+)/.exec(cookie)?.[1];
    expect(token).toBeTruthy();
    const user = await getSessionUser(new Headers({ cookie: `switchboard.session_token=${token}` }));
    expect(user).toMatchObject({ email: "olive@example.com", role: "ops" });
    expect(await t.db.session.count()).toBe(1);
  });

  it("refuses a wrong password with 401", async () => {
    expect((await signIn("wrong-horse", "198.51.100.2")).status).toBe(401);
  });

  it("rate-limits repeated attempts from one address, not from another", async () => {
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await signIn("wrong-horse", "198.51.100.3")).status);
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
    expect((await signIn("wrong-horse", "198.51.100.4")).status).toBe(401);
  });

  it("does not let anyone sign up from outside", async () => {
    const res = await auth().handler(
      new Request(`${base}/api/auth/sign-up/email`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: base },
        body: JSON.stringify({ email: "eve@example.com", password: "whatever123", name: "Eve" }),
      }),
    );
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(await t.db.user.count({ where: { email: "eve@example.com" } })).toBe(0);
  });
});
