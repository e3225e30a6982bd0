import { spawn } from "node:child_process";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/tests/support/test-db";
import { startFrontHarness, type FrontHarness } from "@/tests/support/front-sync-harness";
import { frontApi } from "@/lib/vendors/front/client";
import { readCursor, takeLease } from "./cursor-store";
import { FRONT_SYNC, runFrontSyncPass } from "./front-sync";
import { RequestBudget } from "./request-budget";

const OWNER = "test-worker";
const options = { graceMs: 0, firstLookbackMs: 3600_000 };
const roomy = () => new RequestBudget(1_000, 1_000);

describe("Front comms sync (simulator → webhook → Postgres, GET /events → sync)", () => {
  let t: TestDatabase;
  let h: FrontHarness;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => t?.drop());
  beforeEach(async () => {
    await t.db.$executeRawUnsafe("TRUNCATE incoming_events, sync_recoveries, sync_cursors, sync_status CASCADE");
    await takeLease(t.db, FRONT_SYNC, OWNER, 60_000);
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    await h?.close();
  });

  const frontIds = async () => (await t.db.incomingEvent.findMany({ where: { vendor: "front" }, select: { vendorEventId: true } })).map((e) => e.vendorEventId).sort();
  const recoveredIds = async () => (await t.db.syncRecovery.findMany({ select: { vendorEventId: true } })).map((r) => r.vendorEventId).sort();

  it("recovers every event a disabled webhook missed, none twice, and the webhook's events are not counted again", async () => {
    h = await startFrontHarness(t.db, { ratePerMinute: 1_000, burstPerSecond: 1_000 });
    for (let i = 0; i < 5; i++) expect((await h.inbound(i, 120 - i)).delivery.delivered).toBe(true);
    h.sim.disableWebhook();
    const missed = [];
    for (let i = 5; i < 37; i++) missed.push((await h.inbound(i, 120 - i)).event.id);
    h.sim.enableWebhook();
    for (let i = 37; i < 40; i++) expect((await h.inbound(i, 120 - i)).delivery.delivered).toBe(true);
    expect(await frontIds()).toHaveLength(8);

    const api = frontApi(h.api.url, undefined, roomy());
    const pass = await runFrontSyncPass(t.db, api, OWNER, options);
    expect(pass).toMatchObject({ completed: true, seen: 40, recovered: 32, pages: 3 });
    expect(await frontIds()).toEqual(h.sim.events.map((e) => e.id).sort());
    expect(await recoveredIds()).toEqual([...missed].sort());

    // again, and the webhook delivering a recovered event late: nothing new
    expect(await runFrontSyncPass(t.db, api, OWNER, options)).toMatchObject({ recovered: 0 });
    expect((await h.sim.deliver(h.sim.events[10]!)).lastStatus).toBe(200);
    expect(await frontIds()).toHaveLength(40);
    const status = await t.db.syncStatus.findUniqueOrThrow({ where: { name: FRONT_SYNC } });
    expect(status).toMatchObject({ eventsRecovered: 32, lastError: null });
  });

  it("starts a first pass at its lookback and stores that start even when there is nothing to read yet", async () => {
    h = await startFrontHarness(t.db, { ratePerMinute: 1_000, burstPerSecond: 1_000 });
    h.sim.disableWebhook();
    await h.inbound(1, 60); // before the sync existed: not a miss
    const api = frontApi(h.api.url, undefined, roomy());
    const now = Date.now();
    expect(await runFrontSyncPass(t.db, api, OWNER, { graceMs: 15_000, firstLookbackMs: 15_000 }, now)).toMatchObject({ completed: true, pages: 0 });
    expect(await readCursor(t.db, FRONT_SYNC)).toEqual({ atMs: now - 15_000, id: "" });
    const later = await h.inbound(2, 0);
    await runFrontSyncPass(t.db, api, OWNER, { graceMs: 0, firstLookbackMs: 15_000 }, Date.now() + 10);
    expect(await recoveredIds()).toEqual([later.event.id]);
  });

  it("reads only up to the grace period ago, so a webhook still on its way is not taken for a lost one", async () => {
    h = await startFrontHarness(t.db, { ratePerMinute: 1_000, burstPerSecond: 1_000 });
    h.sim.disableWebhook();
    const old = await h.inbound(1, 60);
    await h.inbound(2, 2);
    const pass = await runFrontSyncPass(t.db, frontApi(h.api.url, undefined, roomy()), OWNER, { ...options, graceMs: 30_000 });
    expect(await recoveredIds()).toEqual([old.event.id]);
    expect(pass.cursor.atMs).toBeGreaterThan(Date.now() - 31_000);
    expect(pass.cursor.atMs).toBeLessThanOrEqual(Date.now() - 30_000);
  });

  it("waits out Front's 429s as Retry-After says and still takes every event once", async () => {
    // the simulator allows 2 a second, our budget sends up to 4: Front answers 429 and we wait
    h = await startFrontHarness(t.db, { ratePerMinute: 1_000, burstPerSecond: 2 });
    h.sim.disableWebhook();
    for (let i = 0; i < 75; i++) await h.inbound(i, 300 - i);
    const started = Date.now();
    const pass = await runFrontSyncPass(t.db, frontApi(h.api.url, undefined, new RequestBudget(100, 4)), OWNER, options);
    expect(pass).toMatchObject({ seen: 75, recovered: 75, pages: 5 });
    const status = await t.db.syncStatus.findUniqueOrThrow({ where: { name: FRONT_SYNC } });
    expect(status.rateLimited).toBeGreaterThan(0);
    // six requests (/me and five pages) at two a second cannot take less than two seconds
    expect(Date.now() - started).toBeGreaterThanOrEqual(2_000);
    expect(status.requests - status.rateLimited).toBe(6);
    expect(await frontIds()).toHaveLength(75);
  });

  it("keeps to the plan's budget: a minute's budget of 2 makes the 3rd request wait for the window", async () => {
    h = await startFrontHarness(t.db, { ratePerMinute: 1_000, burstPerSecond: 1_000 });
    h.sim.disableWebhook();
    for (let i = 0; i < 20; i++) await h.inbound(i, 300 - i);
    let clockMs = Date.now();
    const slept: number[] = [];
    const clock = { now: () => clockMs, sleep: async (ms: number) => void (slept.push(ms), (clockMs += ms)) };
    await runFrontSyncPass(t.db, frontApi(h.api.url, undefined, new RequestBudget(2, 5, clock)), OWNER, options);
    // /me, page 1 go at once; page 2 waits a minute for the window
    expect(slept.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(59_000);
    expect(await frontIds()).toHaveLength(20);
  });

  it("resumes from the stored cursor after dying mid-sync, and stores nothing twice", async () => {
    h = await startFrontHarness(t.db, { ratePerMinute: 1_000, burstPerSecond: 1_000 });
    h.sim.disableWebhook();
    for (let i = 0; i < 50; i++) await h.inbound(i, 300 - i);
    const realFetch = globalThis.fetch;
    let pages = 0;
    vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
      if (String(input).includes("/events") && ++pages === 3) throw new Error("worker died (simulated)");
      return realFetch(input, init);
    });
    await expect(runFrontSyncPass(t.db, frontApi(h.api.url, undefined, roomy()), OWNER, options)).rejects.toThrow("worker died");
    vi.restoreAllMocks();
    // two pages were committed with their cursor, the third never
    expect(await frontIds()).toHaveLength(30);
    expect(await readCursor(t.db, FRONT_SYNC)).toEqual({ atMs: Math.round(h.sim.events[29]!.emitted_at * 1000), id: h.sim.events[29]!.id });

    // another worker takes the lease over and resumes
    await t.db.$executeRaw`UPDATE sync_status SET lease_until = now() - interval '1 second'`;
    expect(await takeLease(t.db, FRONT_SYNC, "another-worker", 60_000)).toBe(true);
    const resumed = await runFrontSyncPass(t.db, frontApi(h.api.url, undefined, roomy()), "another-worker", options);
    expect(resumed).toMatchObject({ seen: 20, recovered: 20 });
    expect(await frontIds()).toEqual(h.sim.events.map((e) => e.id).sort());
    // the first worker, its lease gone, commits nothing
    expect(await runFrontSyncPass(t.db, frontApi(h.api.url, undefined, roomy()), OWNER, { ...options, graceMs: -60_000 })).toMatchObject({ completed: false });
  });

  it("a worker SIGKILLed mid-pass: another takes the lease over, resumes at the last committed page, and nothing is stored twice", async () => {
    h = await startFrontHarness(t.db, { ratePerMinute: 1_000, burstPerSecond: 1_000 });
    h.sim.disableWebhook();
    for (let i = 0; i < 90; i++) await h.inbound(i, 600 - i);
    await t.db.$executeRawUnsafe("TRUNCATE sync_status");
    const root = path.resolve(import.meta.dirname, "../..");
    const child = spawn(process.execPath, [path.join(root, "node_modules/tsx/dist/cli.mjs"), "tests/support/front-sync-child.ts"], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: t.url, FRONT_SIM_URL: h.api.url, SYNC_OWNER: "doomed-worker" },
      stdio: "ignore",
    });
    const exited = new Promise((resolve) => child.once("exit", resolve));
    try {
      // one request a second, 15 events a page: kill it once two pages are in
      for (let until = Date.now() + 30_000; Date.now() < until; await new Promise((r) => setTimeout(r, 50))) {
        if ((await t.db.incomingEvent.count({ where: { vendor: "front" } })) >= 30) break;
      }
      child.kill("SIGKILL");
      await exited;
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    }
    const atDeath = await t.db.incomingEvent.count({ where: { vendor: "front" } });
    expect(atDeath).toBeGreaterThanOrEqual(30);
    expect(atDeath).toBeLessThan(90);
    expect(atDeath % 15).toBe(0); // whole pages only: a page commits its events and cursor together
    const cursor = await readCursor(t.db, FRONT_SYNC);
    expect(cursor?.id).toBe(h.sim.events[atDeath - 1]!.id);

    // its lease still runs: a peer waits; once it lapses the peer takes over
    expect(await takeLease(t.db, FRONT_SYNC, OWNER, 60_000)).toBe(false);
    await t.db.$executeRaw`UPDATE sync_status SET lease_until = now() - interval '1 second'`;
    expect(await takeLease(t.db, FRONT_SYNC, OWNER, 60_000)).toBe(true);
    const resumed = await runFrontSyncPass(t.db, frontApi(h.api.url, undefined, roomy()), OWNER, options);
    expect(resumed).toMatchObject({ seen: 90 - atDeath, recovered: 90 - atDeath });
    expect(await frontIds()).toEqual(h.sim.events.map((e) => e.id).sort());
    expect(await t.db.syncRecovery.count()).toBe(90);
  }, 60_000);
});
