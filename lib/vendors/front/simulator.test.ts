import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FrontSimulator, buildFrontMessageEvent } from "./simulator";
import { serveFrontSimulator, type RunningServer } from "./simulator-server";

const staff = { id: "tea_ann", email: "ann@acme.example", first_name: "Ann" };
const at = (minute: number) => new Date(Date.UTC(2026, 2, 1, 9, minute));

describe("buildFrontMessageEvent", () => {
  it("builds an inbound email event in Front's shape", () => {
    const event = buildFrontMessageEvent({ from: "pat@customer.example", to: staff, body: "Where is my order?", subject: "Order", at: at(0) });
    expect(event).toMatchObject({
      id: expect.stringMatching(/^evt_/),
      type: "inbound",
      emitted_at: at(0).getTime() / 1000,
      conversation: { id: expect.stringMatching(/^cnv_/), assignee: { id: "tea_ann" } },
      target: {
        _meta: { type: "message" },
        data: { type: "email", is_inbound: true, author: null, subject: "Order", recipients: [{ handle: "pat@customer.example", role: "from" }, { handle: "ann@acme.example", role: "to" }] },
      },
    });
  });

  it("makes a teammate sender outbound and picks the channel from the customer's handle", () => {
    expect(buildFrontMessageEvent({ from: staff, to: "+61400000001", body: "On its way", at: at(0) })).toMatchObject({
      type: "outbound",
      target: { data: { type: "sms", is_inbound: false, author: { id: "tea_ann" } } },
    });
    expect(buildFrontMessageEvent({ from: "visitor-42", to: staff, body: "hi", at: at(0) })).toMatchObject({ target: { data: { type: "custom" } } });
  });
});

describe("Front simulator REST API", () => {
  // limits out of the way here: they have their own test below
  const sim = new FrontSimulator({ secret: "s", apiToken: "front-token", companyId: "cmp_test", ratePerMinute: 10_000, burstPerSecond: 1_000 });
  let server: RunningServer;
  const get = async (path: string, token = "front-token") => {
    const res = await fetch(path.startsWith("http") ? path : `${server.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  beforeAll(async () => {
    for (let i = 0; i < 20; i++) sim.record({ from: `c${i}@customer.example`, to: staff, body: `message ${i}`, at: at(i) });
    server = await serveFrontSimulator(sim);
  });
  afterAll(() => server.close());

  it("answers /me with the company", async () => {
    expect(await get("/me")).toEqual({ status: 200, body: { _links: { self: `${server.url}/me` }, name: expect.any(String), id: "cmp_test" } });
  });

  it("refuses a wrong token in Front's error shape", async () => {
    expect(await get("/me", "nope")).toEqual({ status: 401, body: { _error: { status: 401, title: "Unauthenticated", message: expect.any(String) } } });
  });

  it("pages /events newest first, following _pagination.next to the end", async () => {
    const seen: string[] = [];
    let next: string | null = "/events?limit=7";
    while (next) {
      const page = await get(next);
      expect(page.status).toBe(200);
      const results = page.body._results as { id: string; _links: { self: string } }[];
      expect(results.length).toBeLessThanOrEqual(7);
      seen.push(...results.map((e) => e.id));
      next = (page.body._pagination as { next: string | null }).next;
    }
    expect(seen).toEqual(sim.events.map((e) => e.id).reverse());
  });

  it("filters with q[after] and sorts ascending for a cursor sync", async () => {
    const after = at(14).getTime() / 1000;
    const page = await get(`/events?sort_order=asc&q[after]=${after}`);
    expect((page.body._results as { id: string }[]).map((e) => e.id)).toEqual(sim.events.slice(15).map((e) => e.id));
    expect((page.body._pagination as { next: string | null }).next).toBeNull();
  });

  it("filters on q[before], q[types] and q[inboxes], with times to the millisecond", async () => {
    const ids = (page: { body: Record<string, unknown> }) => (page.body._results as { id: string }[]).map((e) => e.id);
    const before = (at(2).getTime() + 1) / 1000; // x.001: three decimals are taken
    expect(ids(await get(`/events?sort_order=asc&q[before]=${before.toFixed(3)}`))).toEqual(sim.events.slice(0, 3).map((e) => e.id));
    expect(ids(await get(`/events?q[types]=outbound`))).toEqual([]);
    expect(ids(await get(`/events?q[types][]=inbound&q[types][]=outbound&limit=1`))).toEqual([sim.events.at(-1)!.id]);
    expect(ids(await get(`/events?q[inboxes]=inb_other`))).toEqual([]);
    expect((await get(`/events?q[inboxes]=inb_sim`)).body._results).toHaveLength(15);
    expect((await get(`/events?q[after]=1.2345`)).status).toBe(400);
    expect((await get(`/events?sort_by=updated_at`)).status).toBe(400);
  });

  it("refuses a limit above Front's 15 and serves one event by id", async () => {
    expect(await get("/events?limit=16")).toMatchObject({ status: 400, body: { _error: { message: expect.stringContaining("15") } } });
    expect(((await get("/events?limit=15")).body._results as unknown[]).length).toBe(15);
    const id = sim.events[3]!.id;
    expect(await get(`/events/${id}`)).toMatchObject({ status: 200, body: { id, _links: { self: `${server.url}/events/${id}` } } });
    expect((await get("/events/evt_missing")).status).toBe(404);
    expect((await get("/events?page_token=garbage")).status).toBe(400);
  });

  it("keeps its filters across pages of an ascending sync", async () => {
    const seen: string[] = [];
    let next: string | null = `/events?sort_order=asc&sort_by=created_at&limit=4&q[after]=${at(9).getTime() / 1000}`;
    while (next) {
      const page = await get(next);
      seen.push(...(page.body._results as { id: string }[]).map((e) => e.id));
      next = (page.body._pagination as { next: string | null }).next;
    }
    expect(seen).toEqual(sim.events.slice(10).map((e) => e.id));
  });

  it("reports the application webhook's state", async () => {
    expect(await get("/_simulator/application-webhook")).toEqual({
      status: 200,
      body: { url: null, enabled: false, consecutiveFailures: 0, disabledAt: null, disabledReason: null },
    });
  });
});

describe("Front simulator rate limits", () => {
  it("answers 429 past the burst of 5 a second per resource type, then past the plan's minute, with the headers", async () => {
    let now = Date.UTC(2026, 2, 1, 9, 0, 0);
    const sim = new FrontSimulator({ secret: "s", ratePerMinute: 8, now: () => new Date(now) });
    const server = await serveFrontSimulator(sim);
    try {
      const hit = (path: string) => fetch(`${server.url}${path}`);
      for (let i = 0; i < 5; i++) expect((await hit("/events")).status).toBe(200);
      const burst = await hit("/events");
      expect(burst.status).toBe(429);
      expect(burst.headers.get("retry-after")).toBe("1");
      expect(await burst.json()).toMatchObject({ _error: { status: 429 } });
      // another resource type has a burst of its own, but the same plan
      const me = await hit("/me");
      expect(me.status).toBe(200);
      expect(me.headers.get("x-ratelimit-limit")).toBe("8");
      expect(me.headers.get("x-ratelimit-remaining")).toBe("2");
      now += 1_000;
      expect((await hit("/events")).status).toBe(200);
      expect((await hit("/events")).status).toBe(200);
      const minute = await hit("/events");
      expect(minute.status).toBe(429);
      expect(Number(minute.headers.get("retry-after"))).toBe(59);
      expect(Number(minute.headers.get("x-ratelimit-reset"))).toBe(Date.UTC(2026, 2, 1, 9, 1, 0) / 1000);
      // the simulator's control endpoints are not Front's API and are never limited
      expect((await hit("/_simulator/application-webhook")).status).toBe(200);
      now += 59_000;
      expect((await hit("/events")).status).toBe(200);
    } finally {
      await server.close();
    }
  });
});
