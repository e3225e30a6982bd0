import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { sweepOrphans } from "@/lib/identity/db/sweep";
import { signSources } from "@/lib/vendors/sources/verify";
import { asUser, signInAs, TEST_BASE } from "@/tests/support/sessions";
import { createTestDatabase, type TestDatabase } from "@/tests/support/test-db";

/** The milestone API (bearer key), the milestone webhook (HMAC) and admin key management, through the route handlers. */
describe("milestones in, API keys managed by admins", () => {
  let t: TestDatabase;
  let routes: {
    api: typeof import("@/app/api/milestones/route");
    hook: typeof import("@/app/api/webhooks/milestones/route");
    keys: typeof import("@/app/api/admin/api-keys/route");
    key: typeof import("@/app/api/admin/api-keys/[id]/route");
    analytics: typeof import("@/app/api/analytics/funnel/route");
  };
  const cookies: Record<string, string> = {};
  const SECRET = "test-sources-secret";
  let personId: string;

  beforeAll(async () => {
    t = await createTestDatabase();
    process.env.DATABASE_URL = t.url;
    process.env.PUBLIC_BASE_URL = TEST_BASE;
    process.env.SOURCES_WEBHOOK_SECRET = SECRET;
    for (const role of ["staff", "ops", "manager", "admin"] as const) cookies[role] = (await signInAs(t.db, role)).cookie;
    routes = {
      api: await import("@/app/api/milestones/route"),
      hook: await import("@/app/api/webhooks/milestones/route"),
      keys: await import("@/app/api/admin/api-keys/route"),
      key: await import("@/app/api/admin/api-keys/[id]/route"),
      analytics: await import("@/app/api/analytics/funnel/route"),
    };
    const p = await t.db.person.create({ data: { firstName: "Mila", email: "mila@example.com" } });
    personId = p.id;
    const since = new Date("2020-01-01T00:00:00Z");
    await t.db.contactPoint.create({ data: { kind: "email", value: "mila@example.com", personId, validFrom: since, firstSeenAt: since, lastSeenAt: since, origin: "test" } });
  });
  afterAll(async () => {
    const { getDb } = await import("@/lib/db/client");
    await getDb().$disconnect();
    await t.drop();
  });

  const makeKey = async (name: string) => {
    const res = await routes.keys.POST(asUser(cookies.admin!, "/api/admin/api-keys", { method: "POST", body: { name } }));
    expect(res.status).toBe(201);
    return (await res.json()) as { id: string; key: string; prefix: string };
  };
  const postApi = (key: string | null, body: unknown) =>
    routes.api.POST(new Request(`${TEST_BASE}/api/milestones`, { method: "POST", headers: { "content-type": "application/json", ...(key ? { authorization: `Bearer ${key}` } : {}) }, body: JSON.stringify(body) }));

  it("only admins make, list and revoke keys; the list shows a prefix and never the key or its hash", async () => {
    for (const role of ["staff", "ops", "manager"]) {
      expect((await routes.keys.POST(asUser(cookies[role]!, "/api/admin/api-keys", { method: "POST", body: { name: "x" } }))).status).toBe(403);
      expect((await routes.keys.GET(asUser(cookies[role]!, "/api/admin/api-keys"))).status).toBe(403);
    }
    expect((await routes.keys.GET(asUser(null, "/api/admin/api-keys"))).status).toBe(401);
    const made = await makeKey("portal");
    expect(made.key.startsWith(made.prefix)).toBe(true);
    const row = await t.db.apiKey.findUniqueOrThrow({ where: { id: made.id } });
    expect(row.keyHash).not.toContain(made.key);
    expect(JSON.stringify(row)).not.toContain(made.key);
    const listed = await (await routes.keys.GET(asUser(cookies.admin!, "/api/admin/api-keys"))).text();
    expect(listed).toContain(made.prefix);
    expect(listed).not.toContain(made.key);
    expect(listed).not.toContain(row.keyHash);
  });

  it("a bearer key stores a milestone once; the same external id again stores nothing; a revoked key is refused", async () => {
    const { id, key } = await makeKey("applications");
    const m = { externalId: "app-1:submitted", kind: "application_submitted", occurredAt: "2026-03-04T05:06:07Z", email: " Mila@Example.com " };
    const first = await postApi(key, m);
    expect(first.status).toBe(201);
    const again = await postApi(key, m);
    expect(again.status).toBe(200);
    expect(((await again.json()) as { results: { created: boolean }[] }).results[0]!.created).toBe(false);
    expect(await t.db.personMilestone.count({ where: { externalId: "app-1:submitted" } })).toBe(1);
    const stored = await t.db.personMilestone.findUniqueOrThrow({ where: { externalId: "app-1:submitted" } });
    expect(stored).toMatchObject({ personId, kind: "application_submitted", source: "api" });
    // the same id saying something else is a sender's bug, not a retry
    expect((await postApi(key, { ...m, kind: "first_reply" })).status).toBe(422);
    expect((await t.db.apiKey.findUniqueOrThrow({ where: { id } })).lastUsedAt).not.toBeNull();

    expect((await postApi(null, m)).status).toBe(401);
    expect((await postApi("sbk_not-a-key", m)).status).toBe(401);
    expect((await routes.key.DELETE(asUser(cookies.manager!, `/api/admin/api-keys/${id}`, { method: "DELETE" }), { params: Promise.resolve({ id }) })).status).toBe(403);
    expect((await routes.key.DELETE(asUser(cookies.admin!, `/api/admin/api-keys/${id}`, { method: "DELETE" }), { params: Promise.resolve({ id }) })).status).toBe(200);
    expect((await postApi(key, { ...m, externalId: "app-1:other" })).status).toBe(401);
    expect(await t.db.personMilestone.count({ where: { externalId: "app-1:other" } })).toBe(0);
  });

  it("answers 400 for a malformed milestone and 422 for a person nobody knows", async () => {
    const { key } = await makeKey("strict");
    expect((await postApi(key, { externalId: "x", kind: "applied", occurredAt: "2026-01-01T00:00:00Z", personId })).status).toBe(400);
    expect((await postApi(key, { externalId: "x", kind: "first_reply", occurredAt: "2026-01-01T00:00:00Z" })).status).toBe(400);
    const res = await postApi(key, { externalId: "x", kind: "first_reply", occurredAt: "2026-01-01T00:00:00Z", email: "nobody@example.com" });
    expect(res.status).toBe(422);
    expect(((await res.json()) as { results: { reason: string }[] }).results[0]!.reason).toBe("unknown_person");
  });

  it("the API key reaches only the milestone endpoint", async () => {
    const { key } = await makeKey("narrow");
    const bearer = { authorization: `Bearer ${key}` };
    expect((await routes.keys.GET(asUser(null, "/api/admin/api-keys", { headers: bearer }))).status).toBe(401);
    expect((await routes.analytics.GET(asUser(null, "/api/analytics/funnel", { headers: bearer }))).status).toBe(401);
  });

  it("the webhook stores a signed batch once and refuses a bad signature", async () => {
    const body = JSON.stringify({
      milestones: [
        { externalId: "hook-1", kind: "first_contact", occurredAt: "2026-02-01T00:00:00Z", personId },
        { externalId: "hook-2", kind: "first_reply", occurredAt: "2026-02-02T00:00:00+10:00", personId },
      ],
    });
    const send = (signature: string | null) =>
      routes.hook.POST(new Request(`${TEST_BASE}/api/webhooks/milestones`, { method: "POST", headers: { "content-type": "application/json", ...(signature ? { "x-switchboard-signature": signature } : {}) }, body }));
    expect((await send(null)).status).toBe(401);
    expect((await send(signSources("wrong-secret", body))).status).toBe(401);
    expect(await t.db.personMilestone.count({ where: { externalId: { startsWith: "hook-" } } })).toBe(0);
    expect((await send(signSources(SECRET, body))).status).toBe(201);
    expect((await send(signSources(SECRET, body))).status).toBe(200);
    const rows = await t.db.personMilestone.findMany({ where: { externalId: { startsWith: "hook-" } }, orderBy: { externalId: "asc" } });
    expect(rows.map((r) => [r.kind, r.source, r.occurredAt.toISOString()])).toEqual([
      ["first_contact", "webhook", "2026-02-01T00:00:00.000Z"],
      ["first_reply", "webhook", "2026-02-01T14:00:00.000Z"],
    ]);
  });

  it("an emptied identity profile that holds milestones is not swept (they would cascade with it)", async () => {
    const p = await t.db.person.create({ data: { firstName: "Orphan", origin: "identity" } });
    await t.db.personMilestone.create({ data: { externalId: "orphan-1", personId: p.id, kind: "first_contact", occurredAt: new Date(), source: "test" } });
    const sql = new pg.Client({ connectionString: t.url });
    await sql.connect();
    try {
      expect(await sweepOrphans(sql, [p.id])).toEqual([]);
      await t.db.personMilestone.deleteMany({ where: { personId: p.id } });
      expect(await sweepOrphans(sql, [p.id])).toEqual([p.id]);
    } finally {
      await sql.end();
    }
  });
});
