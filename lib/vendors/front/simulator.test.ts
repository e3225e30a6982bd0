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
  const sim = new FrontSimulator({ secret: "s", apiToken: "front-token", companyId: "cmp_test" });
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

  it("caps a page at Front's 15 and serves one event by id", async () => {
    expect(((await get("/events?limit=100")).body._results as unknown[]).length).toBe(15);
    const id = sim.events[3]!.id;
    expect(await get(`/events/${id}`)).toMatchObject({ status: 200, body: { id, _links: { self: `${server.url}/events/${id}` } } });
    expect((await get("/events/evt_missing")).status).toBe(404);
    expect((await get("/events?page_token=garbage")).status).toBe(400);
  });

  it("reports the application webhook's state", async () => {
    expect(await get("/_simulator/application-webhook")).toEqual({
      status: 200,
      body: { url: null, enabled: false, consecutiveFailures: 0, disabledAt: null, disabledReason: null },
    });
  });
});
