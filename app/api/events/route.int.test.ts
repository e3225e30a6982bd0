import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser } from "@/lib/users/manage-users";
import { publish } from "@/lib/realtime/publish";
import { presence, until } from "@/tests/support/realtime";
import { openSse, type SseClient } from "@/tests/support/sse-client";
import { startFrontDoorServer, type FrontDoorServer } from "@/tests/support/front-door-server";
import { createTestDatabase, type TestDatabase } from "@/tests/support/test-db";

/**
 * GET /api/events over real HTTP: the route's own handler (session, audiences, the process's
 * hub) mounted on a bare node:http server behind the front door, read by a raw SSE client.
 */
describe("GET /api/events", () => {
  let t: TestDatabase;
  let server: FrontDoorServer;
  let stopHub: () => Promise<void>;
  let hubSubscribers: () => number;
  const base = "http://localhost:3998";
  const users: Record<"tess" | "sam" | "mia", { cookie: string; staffId: string; userId: string }> = {} as never;
  const open: SseClient[] = [];
  const connect = async (who: keyof typeof users | null, headers: Record<string, string> = {}, query = "") => {
    const c = await openSse(`${server.url}/api/events${query}`, { ...(who ? { cookie: users[who].cookie } : {}), ...headers });
    open.push(c);
    return c;
  };
  const atOf = (f: { data: string }) => Date.parse((JSON.parse(f.data) as { at: string }).at) - 1_700_000_000_000;

  beforeAll(async () => {
    t = await createTestDatabase();
    process.env.DATABASE_URL = t.url;
    process.env.PUBLIC_BASE_URL = base;
    const { auth } = await import("@/lib/auth/server");
    const route = await import("./route");
    const singleton = await import("@/lib/realtime/hub-singleton");
    stopHub = singleton.stopHub;
    hubSubscribers = () => singleton.getHub().subscribers();
    for (const [key, role] of [["tess", "staff"], ["sam", "staff"], ["mia", "manager"]] as const) {
      const email = `${key}@example.com`;
      const made = await createUser(t.db, { name: key, email, password: "correct-horse", role });
      if (!made.ok) throw new Error(made.reason);
      const res = await auth().handler(
        new Request(`${base}/api/auth/sign-in/email`, {
          method: "POST",
          headers: { "content-type": "application/json", origin: base },
          body: JSON.stringify({ email, password: "correct-horse" }),
        }),
      );
      const token = /switchboard\.session_token=([^;]+)/.exec(res.headers.get("set-cookie") ?? "")?.[1];
      const staff = await t.db.staff.findUniqueOrThrow({ where: { userId: made.id } });
      users[key] = { cookie: `switchboard.session_token=${token}`, staffId: staff.id, userId: made.id };
    }
    server = await startFrontDoorServer({ "/api/events": route.GET }, { trusted: { kind: "none" }, maxBodyBytes: 1 << 20 });
  });
  afterAll(async () => {
    for (const c of open) c.close();
    await server?.close();
    await stopHub?.();
    const { getDb } = await import("@/lib/db/client");
    await getDb().$disconnect();
    await t.drop();
  });

  it("refuses a request without a session", async () => {
    const c = await connect(null);
    expect(c.status).toBe(401);
  });

  it("answers an uncached, untransformed event stream that starts with a ready event", async () => {
    const c = await connect("tess", { "accept-encoding": "gzip" });
    expect(c.status).toBe(200);
    expect(c.headers["content-type"]).toMatch(/^text\/event-stream/);
    expect(c.headers["cache-control"]).toBe("no-cache, no-transform");
    expect(c.headers["x-accel-buffering"]).toBe("no");
    expect(c.headers["content-encoding"]).toBeUndefined();
    await until("ready", () => c.frames.some((f) => f.event === "ready"));
    c.close();
  });

  it("replays exactly what a reconnecting client missed (Last-Event-ID), then goes live", async () => {
    const { staffId } = users.tess;
    const first = await connect("tess");
    await until("ready", () => first.frames.length === 1);
    await publish(t.db, [1, 2, 3, 4, 5].map((n) => presence(staffId, n)));
    await until("five events", () => first.events().length === 5);
    const lastId = first.lastId()!;
    first.close();
    await until("the subscriber to be cleaned up", () => hubSubscribers() === 0);

    await publish(t.db, [6, 7, 8].map((n) => presence(staffId, n)));
    const again = await connect("tess", { "last-event-id": lastId });
    await until("the replay", () => again.frames.some((f) => f.event === "ready"));
    await publish(t.db, [presence(staffId, 9)]);
    await until("the live one", () => again.events().length === 4);
    await new Promise((r) => setTimeout(r, 200));
    expect(again.events().map(atOf)).toEqual([6, 7, 8, 9]);
    expect(again.frames.map((f) => f.event)).toEqual(["presence.changed", "presence.changed", "presence.changed", "ready", "presence.changed"]);
    const ids = again.events().map((f) => Number(f.id));
    expect(ids[0]).toBeGreaterThan(Number(lastId));
    expect([...ids].sort((a, b) => a - b)).toEqual(ids);
    // ?after= does the same for a client that builds a new EventSource itself
    const viaQuery = await connect("tess", {}, `?after=${lastId}`);
    await until("its replay", () => viaQuery.frames.some((f) => f.event === "ready"));
    expect(viaQuery.events().map(atOf)).toEqual([6, 7, 8, 9]);
  });

  it("never tells one staff member another's staff: events, but everyone hears all and their roles", async () => {
    const tess = await connect("tess");
    const sam = await connect("sam");
    const mia = await connect("mia");
    await until("three ready", () => [tess, sam, mia].every((c) => c.frames.length === 1));
    await publish(t.db, [presence(users.sam.staffId, 100), presence(users.tess.staffId, 101)]);
    await publish(t.db, [{ ...presence(users.sam.staffId, 102), audience: "all" }, { ...presence(users.sam.staffId, 103), audience: "role:manager" }]);
    await until("everyone's share", () => tess.events().length === 2 && sam.events().length === 2 && mia.events().length === 2);
    await new Promise((r) => setTimeout(r, 200));
    expect(tess.events().map(atOf)).toEqual([101, 102]);
    expect(sam.events().map(atOf)).toEqual([100, 102]);
    expect(mia.events().map(atOf)).toEqual([102, 103]);
    // nor on replay
    const replay = await connect("tess", { "last-event-id": "0" });
    await until("tess's replay", () => replay.frames.some((f) => f.event === "ready"));
    expect(replay.events().map(atOf)).not.toContain(100);
    expect(replay.events().map(atOf)).not.toContain(103);
  });

  it("sends reset when the gap was pruned, or the cursor is from another database", async () => {
    await t.db.$executeRawUnsafe("DELETE FROM realtime_events WHERE seq < (SELECT max(seq) FROM realtime_events)");
    for (const id of ["1", "999999"]) {
      const c = await connect("tess", { "last-event-id": id });
      await until("ready", () => c.frames.some((f) => f.event === "ready"));
      expect(c.frames.map((f) => f.event)).toEqual(["reset", "ready"]);
      c.close();
    }
  });

  it("tells an open stream when its session was signed out or its role changed", async () => {
    const { sessionStillValid } = await import("@/lib/realtime/session-check");
    const headers = (who: keyof typeof users) => new Headers({ cookie: users[who].cookie });
    expect(await sessionStillValid(headers("sam"), { id: users.sam.userId, role: "staff" })).toBe(true);
    expect(await sessionStillValid(headers("sam"), { id: users.sam.userId, role: "ops" })).toBe(false);
    expect(await sessionStillValid(headers("sam"), { id: users.tess.userId, role: "staff" })).toBe(false);
    await t.db.session.deleteMany({ where: { userId: users.sam.userId } });
    expect(await sessionStillValid(headers("sam"), { id: users.sam.userId, role: "staff" })).toBe(false);
    expect((await connect("sam")).status).toBe(401);
  });

  it("prints publish → received latency over 200 events (a measure, not a bar)", async () => {
    const c = await connect("tess");
    await until("ready", () => c.frames.length >= 1);
    const sentAt: number[] = [];
    for (let i = 0; i < 200; i++) {
      sentAt.push(performance.now());
      await publish(t.db, [presence(users.tess.staffId, 1_000 + i)]);
      await until(`event ${i}`, () => c.events().length > i);
    }
    const lat = c.events().map((f, i) => f.at - sentAt[i]!).sort((a, b) => a - b);
    expect(c.events().map(atOf)).toEqual(Array.from({ length: 200 }, (_, i) => 1_000 + i));
    const q = (p: number) => lat[Math.min(lat.length - 1, Math.floor(p * lat.length))]!.toFixed(1);
    console.log(`realtime latency publish→received over HTTP (200 events): median ${q(0.5)} ms, p95 ${q(0.95)} ms, max ${q(1)} ms`);
  });
});
