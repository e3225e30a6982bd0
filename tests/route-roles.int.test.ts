import { readdirSync } from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { ROLES, type Role } from "@/lib/auth/roles";
import { createApiKey } from "@/lib/analytics/api-keys";
import { asUser, signInAs } from "@/tests/support/sessions";
import { createTestDatabase, type TestDatabase } from "@/tests/support/test-db";

/**
 * Who reaches every route under app/api/{people,review,analytics,milestones,identity,media,admin}
 * and every page under app/: each route file's exported methods, and each page, must have an
 * expectation below, so a new one without one fails this test. Each is called as nobody, as each
 * role and with a milestone API key: below its role 401 (nobody) or 403; at or above it, neither
 * (the handler ran: a 200, or a 400/404 for the made-up ids and empty bodies sent here). An API key
 * reaches the milestone endpoint and nothing else; sessions do not reach the milestone endpoint.
 */
type Rule = Role | "api-key";
const ROUTES: Record<string, Record<string, Rule>> = {
  "admin/api-keys/[id]": { DELETE: "admin" },
  "admin/api-keys": { GET: "admin", POST: "admin" },
  "admin/staff-accounts": { GET: "admin", POST: "admin", DELETE: "admin" },
  "admin/users/[id]": { PATCH: "admin" },
  "admin/users": { GET: "admin", POST: "admin" },
  "analytics/funnel": { GET: "manager" },
  "analytics/signals": { GET: "manager" },
  "analytics/staff-activity": { GET: "manager" },
  "identity/explain": { POST: "ops" },
  "identity/persons/[id]/unmerge": { POST: "ops" },
  "media/calls/[interactionId]/[kind]": { GET: "staff" },
  milestones: { POST: "api-key" },
  "people/[id]/recordings/[interactionId]": { GET: "staff" },
  "people/[id]/sms/[interactionId]": { GET: "staff" },
  "people/[id]/sms": { POST: "staff" },
  "people/[id]/timeline": { GET: "staff" },
  people: { GET: "manager" },
  "people/search": { GET: "ops" },
  "review/matches/[id]/confirm": { POST: "ops" },
  "review/matches/[id]/reject": { POST: "ops" },
  "review/matches": { GET: "ops" },
  "review/merges/[id]/undo": { POST: "ops" },
  "review/merges": { GET: "ops" },
};
/** Pages by their path under app/ (route groups kept): the least role that opens them; null: anyone. */
const PAGES: Record<string, Role | null> = {
  "(app)/admin/staff-accounts": "admin",
  "(app)/admin/syncs": "admin",
  "(app)/admin/users": "admin",
  "(app)/analytics": "manager",
  "(app)/people/[id]": "staff",
  "(app)/people": "manager",
  "(app)/review": "ops",
  "(app)/softphone": "staff",
  "(app)/unidentified": "ops",
  login: null,
  "": "staff",
};
const ROUTE_DIRS = ["people", "review", "analytics", "milestones", "identity", "media", "admin"];
const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];
const APP = path.resolve(import.meta.dirname, "../app");

function filesNamed(dir: string, file: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => path.basename(f) === file)
    .map((f) => path.dirname(f).split(path.sep).join("/").replace(/^\.$/, ""))
    .sort();
}
const routeFiles = () => ROUTE_DIRS.flatMap((d) => filesNamed(path.join(APP, "api", d), "route.ts").map((f) => (f ? `${d}/${f}` : d))).sort();
const pageFiles = () => filesNamed(APP, "page.tsx");
/** The route's dynamic segments, each a fresh uuid (a media kind a real one), as Next passes them. */
const paramsOf = (route: string) =>
  Object.fromEntries([...route.matchAll(/\[(\w+)\]/g)].map(([, k]) => [k!, k === "kind" ? "voicemail" : randomUUID()]));
const below = (rule: Rule) => (rule === "api-key" ? [...ROLES] : ROLES.slice(0, ROLES.indexOf(rule)));
const atOrAbove = (rule: Rule) => (rule === "api-key" ? [] : ROLES.slice(ROLES.indexOf(rule)));

// the pages read the request's headers through next/headers: here, the ones the test sets
const current = vi.hoisted(() => ({ headers: new Headers() }));
vi.mock("next/headers", () => ({ headers: async () => current.headers, cookies: async () => ({ get: () => undefined, getAll: () => [] }) }));

describe("every people, review, analytics, milestone, identity, media and admin route, and every page, by role", () => {
  let t: TestDatabase;
  const cookies = {} as Record<Role, string>;
  let apiKey = "";

  beforeAll(async () => {
    t = await createTestDatabase();
    process.env.DATABASE_URL = t.url;
    process.env.__NEXT_EXPERIMENTAL_AUTH_INTERRUPTS = "1"; // forbidden(), as next.config's authInterrupts turns it on
    for (const role of ROLES) cookies[role] = (await signInAs(t.db, role)).cookie;
    apiKey = (await createApiKey(t.db, "roles test", "test")).key;
  });
  afterAll(async () => {
    const { getDb } = await import("@/lib/db/client");
    await getDb().$disconnect();
    const { identityPool } = await import("@/lib/identity/db/sql");
    await identityPool().end().catch(() => undefined);
    await t?.drop();
  });

  it("has a role expectation for every route file and method, and for every page", async () => {
    expect(routeFiles()).toEqual(Object.keys(ROUTES).sort());
    for (const route of Object.keys(ROUTES)) {
      const mod = (await import(/* @vite-ignore */ path.join(APP, "api", route, "route.ts"))) as Record<string, unknown>;
      expect(METHODS.filter((m) => typeof mod[m] === "function").sort(), route).toEqual(Object.keys(ROUTES[route]!).sort());
    }
    expect(pageFiles()).toEqual(Object.keys(PAGES).sort());
  });

  const call = async (route: string, method: string, headers: { cookie?: string; bearer?: string }) => {
    const mod = (await import(/* @vite-ignore */ path.join(APP, "api", route, "route.ts"))) as Record<string, (req: Request, ctx: unknown) => Promise<Response>>;
    const params = paramsOf(route);
    const url = `/api/${route.replace(/\[(\w+)\]/g, (_, k: string) => params[k]!)}`;
    const extra = headers.bearer ? { authorization: `Bearer ${headers.bearer}` } : undefined;
    const req = asUser(headers.cookie ?? null, url, { method, headers: extra, ...(method === "GET" || method === "HEAD" ? {} : { body: {} }) });
    return (await mod[method]!(req, { params: Promise.resolve(params) })).status;
  };

  for (const [route, methods] of Object.entries(ROUTES)) {
    for (const [method, rule] of Object.entries(methods)) {
      it(`${method} /api/${route}: ${rule === "api-key" ? "an API key only" : `${rule} and up`}`, async () => {
        expect(await call(route, method, {}), "nobody").toBe(401);
        for (const role of below(rule)) expect(await call(route, method, { cookie: cookies[role] }), role).toBe(rule === "api-key" ? 401 : 403);
        for (const role of atOrAbove(rule)) expect([401, 403], role).not.toContain(await call(route, method, { cookie: cookies[role] }));
        const withKey = await call(route, method, { bearer: apiKey });
        if (rule === "api-key") expect([401, 403], "API key").not.toContain(withKey);
        else expect(withKey, "API key").toBe(401);
      });
    }
  }

  /** A page's outcome: rendered, or the digest of the redirect/forbidden/not-found it threw. */
  const open = async (page: string, cookie: string | null): Promise<string> => {
    current.headers = new Headers(cookie ? { cookie } : {});
    const mod = (await import(/* @vite-ignore */ path.join(APP, page, "page.tsx"))) as { default: (props: unknown) => Promise<unknown> };
    const params = paramsOf(page);
    try {
      await mod.default({ params: Promise.resolve(params), searchParams: Promise.resolve({}) });
      return "rendered";
    } catch (e) {
      const digest = (e as { digest?: string }).digest;
      if (!digest) throw e;
      if (digest.startsWith("NEXT_REDIRECT")) return digest.split(";")[2] === "/login" ? "login" : "redirect";
      return { "NEXT_HTTP_ERROR_FALLBACK;403": "forbidden", "NEXT_HTTP_ERROR_FALLBACK;404": "not found" }[digest] ?? digest;
    }
  };

  for (const [page, least] of Object.entries(PAGES)) {
    it(`the page /${page}: ${least ? `${least} and up` : "anyone"}`, async () => {
      if (!least) {
        expect(await open(page, null)).toBe("rendered");
        return;
      }
      expect(await open(page, null), "nobody").toBe("login");
      for (const role of below(least)) expect(await open(page, cookies[role]), role).toBe("forbidden");
      // a made-up person's page is a 404 once the role is let in; "/" sends each role on to its first page
      for (const role of atOrAbove(least)) expect(["rendered", "not found", "redirect"], role).toContain(await open(page, cookies[role]));
    });
  }
});
