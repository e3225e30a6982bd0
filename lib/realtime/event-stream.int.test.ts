import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { presence, quietLog, until } from "@/tests/support/realtime";
import { openSse, type SseClient } from "@/tests/support/sse-client";
import { startFrontDoorServer, type FrontDoorServer } from "@/tests/support/front-door-server";
import { createTestDatabase, type TestDatabase } from "@/tests/support/test-db";
import { openEventStream } from "./event-stream";
import { startHub, type Hub } from "./hub";
import { publish } from "./publish";
import { SSE_HEADERS, resumeCursor } from "./sse";
import { prismaRows } from "./store";

const STAFF = "4a1e1a2b-0c1d-4e5f-8a9b-0c1d2e3f4a5b";

/** Two "web processes" (a hub and a server each) over real HTTP: streams agree, a client moves between them. */
describe("event streams on two web processes", () => {
  let t: TestDatabase;
  const hubs: Hub[] = [];
  const servers: FrontDoorServer[] = [];
  const clients: SseClient[] = [];
  let revoked = false;
  const ats = (c: SseClient) => c.events().map((f) => Date.parse((JSON.parse(f.data) as { at: string }).at) - 1_700_000_000_000);
  const range = (from: number, n: number) => Array.from({ length: n }, (_, i) => from + i);
  const connect = async (i: number, headers: Record<string, string> = {}) => {
    const c = await openSse(`${servers[i]!.url}/events`, headers);
    clients.push(c);
    await until("ready", () => c.frames.some((f) => f.event === "ready"));
    return c;
  };

  beforeAll(async () => {
    t = await createTestDatabase();
    for (const name of ["web-a", "web-b"]) {
      const hub = startHub({ connectionString: t.url, applicationName: `rt-stream-${name}`, log: quietLog, minBackoffMs: 20, maxBackoffMs: 200 });
      await hub.ready();
      hubs.push(hub);
      const route = async (req: Request) =>
        new Response(
          openEventStream({
            hub,
            rows: prismaRows(t.db),
            audiences: new Set(["all", `staff:${STAFF}`]),
            after: resumeCursor(req.headers.get("last-event-id"), null),
            signal: req.signal,
            heartbeatMs: 100,
            replayPage: 50,
            stillAllowed: async () => req.headers.get("x-test-revoke") === null || !revoked,
            recheckMs: 50,
          }),
          { headers: SSE_HEADERS },
        );
      servers.push(await startFrontDoorServer({ "/events": route }, { trusted: { kind: "none" }, maxBodyBytes: 1 << 20 }));
    }
  });
  afterAll(async () => {
    for (const c of clients) c.close();
    await Promise.all(servers.map((s) => s.close()));
    await Promise.all(hubs.map((h) => h.close()));
    await t.drop();
  });

  it("delivers the same events with the same ids on both, and heartbeats", async () => {
    const [a, b] = [await connect(0), await connect(1)];
    await publish(t.db, range(1, 5).map((n) => presence(STAFF, n)));
    await until("five on each", () => a.events().length === 5 && b.events().length === 5);
    expect(a.events().map((f) => f.id)).toEqual(b.events().map((f) => f.id));
    await until("a heartbeat", () => a.comments.includes("keepalive"));
  });

  it("lets a client that reconnects to the other process carry on exactly where it was", async () => {
    const a = await connect(0);
    await publish(t.db, range(10, 3).map((n) => presence(STAFF, n)));
    await until("three", () => a.events().length === 3);
    a.close();
    await publish(t.db, range(13, 3).map((n) => presence(STAFF, n)));
    const b = await connect(1, { "last-event-id": a.lastId()! });
    await publish(t.db, [presence(STAFF, 16)]);
    await until("four", () => b.events().length === 4);
    await new Promise((r) => setTimeout(r, 200));
    expect(ats(b)).toEqual([13, 14, 15, 16]);
  });

  it("joins a replay with a burst published while it runs: every event once, in order", async () => {
    const a = await connect(0);
    await publish(t.db, range(100, 20).map((n) => presence(STAFF, n)));
    await until("twenty", () => a.events().length === 20);
    a.close();
    await publish(t.db, range(120, 200).map((n) => presence(STAFF, n)));
    const burst = Promise.all(range(0, 30).map((i) => publish(t.db, range(320 + i * 10, 10).map((n) => presence(STAFF, n)))));
    const b = await openSse(`${servers[1]!.url}/events`, { "last-event-id": a.lastId()! });
    clients.push(b);
    await burst;
    await until("all 500", () => b.events().length >= 500, 15_000);
    await new Promise((r) => setTimeout(r, 200));
    const ids = b.events().map((f) => Number(f.id));
    expect(new Set(ids).size).toBe(500);
    expect([...ids].sort((x, y) => x - y)).toEqual(ids);
    expect([...ats(b)].sort((x, y) => x - y)).toEqual(range(120, 500));
  });

  it("keeps a connected client whole while its process's LISTEN connection is killed", async () => {
    const a = await connect(0);
    const admin = new pg.Client({ connectionString: t.url });
    await admin.connect();
    try {
      await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'rt-stream-web-a'");
      await publish(t.db, range(900, 5).map((n) => presence(STAFF, n)));
      await until("the five", () => a.events().length >= 5);
      await new Promise((r) => setTimeout(r, 300));
      expect(ats(a)).toEqual(range(900, 5));
    } finally {
      await admin.end();
    }
  });

  it("ends a stream whose client is no longer allowed it", async () => {
    const c = await connect(1, { "x-test-revoke": "1" });
    await new Promise((r) => setTimeout(r, 200));
    expect(c.ended()).toBe(false);
    revoked = true;
    await until("the stream to end", () => c.ended(), 2_000);
  });

  it("lets go of a subscriber when its client goes away, and ends streams when the hub closes", async () => {
    const before = hubs[1]!.subscribers();
    const b = await connect(1);
    expect(hubs[1]!.subscribers()).toBe(before + 1);
    b.close();
    await until("cleanup", () => hubs[1]!.subscribers() === before);
    const a = await connect(0);
    await hubs[0]!.close();
    await until("the stream to end", () => a.ended());
  });
});
