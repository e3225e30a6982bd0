import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemo } from "@/lib/seed/demo-data";
import { funnel } from "./funnel";
import { funnelCsv } from "./funnel-chart";
import { parseFunnelParams, type FunnelParams } from "./funnel-params";
import { asUser, signInAs, TEST_BASE } from "@/tests/support/sessions";
import { createTestDatabase, type TestDatabase } from "@/tests/support/test-db";

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length / 2;
  return s.length === 0 ? 0 : s.length % 2 ? s[Math.floor(m)]! : (s[m - 1]! + s[m]!) / 2;
};

describe("the funnel: touchpoints between two milestones, by monthly cohort", () => {
  let t: TestDatabase;
  let demo: TestDatabase;
  const params = (p: Partial<FunnelParams>): FunnelParams => ({ from: "first_reply", to: "application_submitted", since: "2026-01", until: "2026-03", ...p });

  beforeAll(async () => {
    t = await createTestDatabase();
    demo = await createTestDatabase();
    const person = async (name: string, ms: [string, string][], touches: [string, string][]) => {
      const p = await t.db.person.create({ data: { firstName: name } });
      for (const [kind, at] of ms) await t.db.personMilestone.create({ data: { externalId: `${name}-${kind}-${at}`, personId: p.id, kind: kind as never, occurredAt: new Date(at), source: "test" } });
      for (const [channel, at] of touches) await t.db.interactionEvent.create({ data: { personId: p.id, channel: channel as never, direction: "outbound", occurredAt: new Date(at), summary: "x" } });
    };
    // January: A has 1 SMS and 1 call after replying and before applying (the SMS at the reply itself, one after and an email before: not counted); B none
    await person("A", [["first_reply", "2026-01-05T10:00:00Z"], ["application_submitted", "2026-01-20T10:00:00Z"]], [
      ["sms", "2026-01-05T10:00:00Z"], ["sms", "2026-01-07T00:00:00Z"], ["call", "2026-01-19T00:00:00Z"], ["sms", "2026-01-21T00:00:00Z"], ["email", "2026-01-01T00:00:00Z"],
    ]);
    await person("B", [["first_reply", "2026-01-10T00:00:00Z"], ["application_submitted", "2026-01-12T00:00:00Z"]], []);
    // C never applied, D applied before replying: neither is in a cohort
    await person("C", [["first_reply", "2026-01-15T00:00:00Z"]], [["sms", "2026-01-16T00:00:00Z"]]);
    await person("D", [["application_submitted", "2026-02-01T00:00:00Z"], ["first_reply", "2026-02-02T00:00:00Z"]], [["sms", "2026-02-03T00:00:00Z"]]);
    // February: E, 10 emails; a second first_reply later does not move E's cohort
    await person("E", [["first_reply", "2026-02-03T00:00:00Z"], ["first_reply", "2026-03-03T00:00:00Z"], ["application_submitted", "2026-03-10T00:00:00Z"]],
      Array.from({ length: 10 }, (_, i) => ["email", `2026-02-${String(4 + i).padStart(2, "0")}T00:00:00Z`] as [string, string]));
    await seedDemo(demo.db, { people: 60, now: new Date("2026-06-15T12:00:00Z") });
  });
  afterAll(async () => {
    const { getDb } = await import("@/lib/db/client");
    await getDb().$disconnect().catch(() => {});
    await t.drop();
    await demo.drop();
  });

  it("counts per channel between the milestones, with medians and buckets per cohort", async () => {
    const f = await funnel(t.db, params({}));
    expect(f.cohorts).toEqual(["2026-01", "2026-02", "2026-03"]);
    const cell = (cohort: string, series: string) => f.cells.find((c) => c.cohort === cohort && c.series === series);
    expect(cell("2026-01", "all")).toEqual({ cohort: "2026-01", series: "all", people: 2, median: 1, buckets: [1, 0, 1, 0, 0, 0] });
    expect(cell("2026-01", "sms")).toMatchObject({ people: 2, median: 0.5, buckets: [1, 1, 0, 0, 0, 0] });
    expect(cell("2026-01", "call")).toMatchObject({ people: 2, median: 0.5, buckets: [1, 1, 0, 0, 0, 0] });
    expect(cell("2026-01", "email")).toMatchObject({ people: 2, median: 0 });
    expect(cell("2026-02", "all")).toMatchObject({ people: 1, median: 10, buckets: [0, 0, 0, 0, 0, 1] });
    expect(cell("2026-03", "all")).toEqual({ cohort: "2026-03", series: "all", people: 0, median: 0, buckets: [0, 0, 0, 0, 0, 0] });
  });

  it("between other milestones and windows", async () => {
    const f = await funnel(t.db, params({ since: "2026-02", until: "2026-02" }));
    expect(f.cells.find((c) => c.series === "all")).toMatchObject({ people: 1, median: 10 });
    const none = await funnel(t.db, params({ from: "application_submitted", to: "first_reply" }));
    // D: applied 1 Feb, replied 2 Feb (SMS 3 Feb is after); A, B, E have no reply after applying
    expect(none.cells.filter((c) => c.series === "all" && c.people > 0)).toEqual([{ cohort: "2026-02", series: "all", people: 1, median: 0, buckets: [1, 0, 0, 0, 0, 0] }]);
  });

  it("stays true when an interaction arrives late, moves to another person (a merge), is re-timed or deleted", async () => {
    const april = params({ since: "2026-04", until: "2026-04" });
    const all = async () => (await funnel(t.db, april)).cells.find((c) => c.series === "all")!;
    const f = await t.db.person.create({ data: { firstName: "F" } });
    const g = await t.db.person.create({ data: { firstName: "G" } });
    for (const [kind, at] of [["first_reply", "2026-04-01T00:00:00Z"], ["application_submitted", "2026-04-10T00:00:00Z"]] as const) {
      await t.db.personMilestone.create({ data: { externalId: `F-${kind}`, personId: f.id, kind, occurredAt: new Date(at), source: "test" } });
    }
    expect(await all()).toMatchObject({ people: 1, median: 0 });
    const late = await t.db.interactionEvent.create({ data: { personId: f.id, channel: "sms", direction: "inbound", occurredAt: new Date("2026-04-05T00:00:00Z"), summary: "x" } });
    expect(await all()).toMatchObject({ median: 1 });
    const other = await t.db.interactionEvent.create({ data: { personId: g.id, channel: "call", direction: "inbound", occurredAt: new Date("2026-04-06T00:00:00Z"), summary: "x" } });
    expect(await all()).toMatchObject({ median: 1 });
    await t.db.interactionEvent.update({ where: { id: other.id }, data: { personId: f.id } });
    expect((await funnel(t.db, april)).cells.find((c) => c.series === "call")).toMatchObject({ median: 1 });
    expect(await all()).toMatchObject({ median: 2 });
    await t.db.interactionEvent.delete({ where: { id: late.id } });
    expect(await all()).toMatchObject({ median: 1 });
    await t.db.interactionEvent.update({ where: { id: other.id }, data: { occurredAt: new Date("2026-04-20T00:00:00Z") } });
    expect(await all()).toMatchObject({ median: 0 });
  });

  it("on the demo seed, matches the same counts made in JavaScript from the raw rows", async () => {
    const p = params({ since: "2025-06", until: "2026-06" });
    const f = await funnel(demo.db, p);
    const ms = await demo.db.personMilestone.findMany({ where: { kind: { in: ["first_reply", "application_submitted"] } } });
    const ix = await demo.db.interactionEvent.findMany({ select: { personId: true, channel: true, occurredAt: true } });
    const byPerson = new Map<string, { f?: Date; t?: Date }>();
    for (const m of ms) {
      const e = byPerson.get(m.personId) ?? {};
      if (m.kind === "first_reply" && (!e.f || m.occurredAt < e.f)) e.f = m.occurredAt;
      byPerson.set(m.personId, e);
    }
    for (const m of ms) {
      const e = byPerson.get(m.personId)!;
      if (m.kind === "application_submitted" && e.f && m.occurredAt >= e.f && (!e.t || m.occurredAt < e.t)) e.t = m.occurredAt;
    }
    const totals = new Map<string, number[]>();
    for (const [id, e] of byPerson) {
      if (!e.f || !e.t) continue;
      const n = ix.filter((i) => i.personId === id && i.occurredAt > e.f! && i.occurredAt <= e.t!).length;
      const cohort = e.f.toISOString().slice(0, 7);
      totals.set(cohort, [...(totals.get(cohort) ?? []), n]);
    }
    expect(totals.size).toBeGreaterThan(3);
    for (const cohort of f.cohorts) {
      const xs = totals.get(cohort) ?? [];
      expect(f.cells.find((c) => c.cohort === cohort && c.series === "all"), cohort).toMatchObject({ people: xs.length, median: median(xs) });
    }
  });

  it("the route: managers and admins only; CSV is exactly what the page draws", async () => {
    process.env.DATABASE_URL = t.url;
    process.env.PUBLIC_BASE_URL = TEST_BASE;
    const route = await import("@/app/api/analytics/funnel/route");
    const q = "/api/analytics/funnel?since=2026-01&until=2026-03";
    expect((await route.GET(asUser(null, q))).status).toBe(401);
    for (const role of ["staff", "ops"] as const) expect((await route.GET(asUser((await signInAs(t.db, role)).cookie, q))).status).toBe(403);
    const manager = (await signInAs(t.db, "manager")).cookie;
    expect((await route.GET(asUser(manager, `${q}&from=first_reply&to=first_reply`))).status).toBe(400);
    const json = await route.GET(asUser(manager, q));
    expect(json.status).toBe(200);
    const csv = await route.GET(asUser(manager, `${q}&format=csv`));
    expect(csv.headers.get("content-type")).toMatch(/^text\/csv/);
    const p = parseFunnelParams(new URLSearchParams("since=2026-01&until=2026-03"));
    if (!p.success) throw new Error("params");
    const text = await csv.text();
    expect(text).toBe(funnelCsv(await funnel(t.db, p.data)));
    expect(text).toContain("median_touchpoints,2026-01,All channels,1\r\n");
    expect(text).toContain("people_by_touchpoints,2026-02,10+,1\r\n");
    const admin = (await signInAs(t.db, "admin")).cookie;
    expect((await route.GET(asUser(admin, q))).status).toBe(200);
  });
});
