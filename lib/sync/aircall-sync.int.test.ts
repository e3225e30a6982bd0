import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/tests/support/test-db";
import { startFrontDoorServer, type FrontDoorServer } from "@/tests/support/front-door-server";
import { aircallWebhook } from "@/lib/interactions/connectors";
import type { Connector } from "@/lib/interactions/connectors/types";
import { handleWebhook } from "@/lib/interactions/webhook-handler";
import { frontDoorConfig } from "@/lib/http/front-door";
import { processPendingBatch } from "@/lib/interactions/process-events";
import { processOptionsFromEnv } from "@/lib/interactions/process-options";
import { aircallApi } from "@/lib/vendors/aircall/client";
import { AircallSimState, serveAircallSimulator, type RunningAircallSim } from "@/lib/vendors/aircall/simulator-server";
import { AIRCALL_SYNC, runAircallSyncPass } from "./aircall-sync";
import { readCursor, takeLease } from "./cursor-store";
import { RequestBudget } from "./request-budget";

const TOKEN = "aircall-sync-test-token";
const OWNER = "test-worker";
const options = { finalAfterS: 60, firstLookbackMs: 24 * 3600_000 };
const agent = { id: 77, email: "ann@acme.example" };
const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000);

describe("Aircall backstop (simulated GET /v1/calls → the call.ended a webhook lost)", () => {
  let t: TestDatabase;
  let web: FrontDoorServer;
  let sim: AircallSimState;
  let api: RunningAircallSim;
  beforeAll(async () => {
    t = await createTestDatabase();
    const config = frontDoorConfig({});
    if (!config.ok) throw new Error(config.problem);
    // whom the calls resolve to: agent 77 is a staff member, the four numbers one customer's
    const since = new Date("2020-01-01T00:00:00Z");
    const point = (kind: "phone" | "aircall_user", value: string) => ({ kind, value, validFrom: since, firstSeenAt: since, lastSeenAt: since, origin: "test" });
    await t.db.staff.create({ data: { displayName: "Ann", contactPoints: { create: [point("aircall_user", "77")] } } });
    await t.db.person.create({ data: { firstName: "Pat", contactPoints: { create: [1, 2, 3, 4].map((n) => point("phone", `+6141200000${n}`)) } } });
    web = await startFrontDoorServer({ "/api/webhooks/aircall": (req) => handleWebhook(req, aircallWebhook as Connector<unknown>, TOKEN, t.db) }, config.config);
  });
  afterAll(async () => {
    await web?.close();
    await t?.drop();
  });
  beforeEach(async () => {
    await t.db.$executeRawUnsafe("TRUNCATE incoming_events, sync_recoveries, sync_cursors, sync_status CASCADE");
    await t.db.$executeRawUnsafe("DELETE FROM interaction_events");
    await takeLease(t.db, AIRCALL_SYNC, OWNER, 60_000);
  });
  afterEach(async () => api?.close());

  const start = async (o: { ratePerMinute?: number; rateWindowMs?: number } = {}) => {
    sim = new AircallSimState({ token: TOKEN, webhookUrl: `${web.url}/api/webhooks/aircall`, apiId: "id", apiToken: "secret", ...o });
    api = await serveAircallSimulator(sim);
    return aircallApi(api.url, "id", "secret", new RequestBudget(1_000, 1_000));
  };
  const callInteractions = async () =>
    (await t.db.callDetail.findMany({ select: { vendorCallId: true } })).map((c) => c.vendorCallId).sort();

  it("puts a call whose call.ended webhook was lost on the timeline once, and a call whose webhook came is not stored again", async () => {
    const client = await start();
    const delivered = await sim.call({ from: "+61412000001", to: agent, at: minutesAgo(30), callId: 501 });
    expect(delivered.delivered).toContain("call.ended");
    const lost = await sim.call({ from: "+61412000002", to: agent, at: minutesAgo(20), callId: 502 }, ["call.ended"]);
    expect(lost.delivered).not.toContain("call.ended");
    sim.webhook.enabled = false; // down altogether
    await sim.call({ from: "+61412000003", to: agent, at: minutesAgo(10), callId: 503, answered: false, voicemail: true });

    const pass = await runAircallSyncPass(t.db, client, OWNER, options);
    expect(pass).toMatchObject({ completed: true, seen: 3, recovered: 2 });
    expect((await t.db.syncRecovery.findMany({ select: { vendorEventId: true } })).map((r) => r.vendorEventId).sort()).toEqual(["502:call.ended", "503:call.ended"]);
    await processPendingBatch(t.db, 100, processOptionsFromEnv());
    expect(await callInteractions()).toEqual(["501", "502", "503"]);
    const voicemail = await t.db.callDetail.findFirstOrThrow({ where: { vendorCallId: "503" } });
    // the call keeps Aircall's stable asset link; the expiring voicemail link waits to be fetched into our media store
    expect(voicemail).toMatchObject({ outcome: "voicemail", recordingUrl: "https://assets.aircall.io/calls/503" });
    expect(await t.db.callMedia.findMany({ where: { interactionId: voicemail.interactionId }, select: { kind: true, sourceUrl: true } })).toEqual([
      { kind: "voicemail", sourceUrl: expect.stringContaining("voicemail") },
    ]);

    // again, and the lost webhook turning up late: still once each
    expect(await runAircallSyncPass(t.db, client, OWNER, options)).toMatchObject({ recovered: 0 });
    sim.webhook.enabled = true;
    await sim.call({ from: "+61412000004", to: agent, at: minutesAgo(5), callId: 504 });
    await processPendingBatch(t.db, 100, processOptionsFromEnv());
    expect(await callInteractions()).toEqual(["501", "502", "503", "504"]);
  });

  it("leaves a call still in progress for a later pass, holding the cursor at its start", async () => {
    const client = await start();
    sim.webhook.enabled = false;
    await sim.call({ from: "+61412000005", to: agent, at: minutesAgo(15), callId: 601 });
    const live = await sim.call({ from: "+61412000006", to: agent, at: new Date(Date.now() - 5_000), durationSeconds: 600, callId: 602 });
    expect(await runAircallSyncPass(t.db, client, OWNER, options)).toMatchObject({ recovered: 1 });
    expect((await readCursor(t.db, AIRCALL_SYNC))?.atMs).toBe(live.call.startedAt * 1000);
    // twenty minutes later the call has ended and call.ended is due
    expect(await runAircallSyncPass(t.db, client, OWNER, options, Date.now() + 20 * 60_000)).toMatchObject({ recovered: 0 });
  });

  it("pages 50 at a time and waits out the 429s past its rate limit, as X-AircallApi-Reset says", async () => {
    // a 2-request window of 3 s stands in for Aircall's 60 a minute
    const client = await start({ ratePerMinute: 2, rateWindowMs: 3_000 });
    sim.webhook.enabled = false;
    for (let i = 0; i < 160; i++) await sim.call({ from: `+6141210${String(i).padStart(4, "0")}`, to: agent, at: minutesAgo(300 - i), callId: 7000 + i });
    // another Aircall client has just spent the window: our first request is answered 429
    const auth = { authorization: `Basic ${Buffer.from("id:secret").toString("base64")}` };
    for (let i = 0; i < 2; i++) await fetch(`${api.url}/v1/calls?per_page=1`, { headers: auth });
    const started = Date.now();
    const pass = await runAircallSyncPass(t.db, client, OWNER, options);
    expect(pass).toMatchObject({ pages: 4, seen: 160, recovered: 160 });
    const status = await t.db.syncStatus.findUniqueOrThrow({ where: { name: AIRCALL_SYNC } });
    expect(status.requests - status.rateLimited).toBe(4);
    // one 429, then X-AircallApi-Remaining 0 pauses us until the reset before we are refused again:
    // four pages, two per 3 s window after the spent one, take at least two windows' turns
    expect(status.rateLimited).toBe(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(3_000);
    expect(await t.db.incomingEvent.count({ where: { vendor: "aircall" } })).toBe(160);
  });

  it("refuses per_page above 50 and answers with Aircall's rate-limit headers", async () => {
    await start();
    const auth = { authorization: `Basic ${Buffer.from("id:secret").toString("base64")}` };
    const bad = await fetch(`${api.url}/v1/calls?per_page=51`, { headers: auth });
    expect(bad.status).toBe(400);
    expect(bad.headers.get("x-aircallapi-limit")).toBe("60");
    expect(Number(bad.headers.get("x-aircallapi-remaining"))).toBe(59);
    expect((await fetch(`${api.url}/v1/calls`)).status).toBe(401);
  });
});
