import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { twilioSmsInbound } from "@/lib/interactions/connectors";
import type { Connector } from "@/lib/interactions/connectors/types";
import { handleWebhook } from "@/lib/interactions/webhook-handler";
import { createWebhookPool } from "@/lib/interactions/webhook-pool";
import { signTwilio } from "@/lib/vendors/twilio/verify";
import { frontApi } from "@/lib/vendors/front/client";
import { FRONT_SYNC, runFrontSyncPass } from "@/lib/sync/front-sync";
import { takeLease } from "@/lib/sync/cursor-store";
import { RequestBudget } from "@/lib/sync/request-budget";
import { openLoop } from "@/scripts/lib/open-loop";
import { startFrontDoorServer, type FrontDoorServer } from "@/tests/support/front-door-server";
import { startFrontHarness } from "@/tests/support/front-sync-harness";
import { createTestDatabase, type TestDatabase } from "@/tests/support/test-db";
import { frontDoorConfig } from "./front-door";
import { WebhookShedder } from "./load-shed";

const TOKEN = "shed-test-twilio-token";
const PATH = "/api/webhooks/twilio/sms";
const MAX = 4;

describe("webhook load shedding (front door → real handler → Postgres, overloaded)", () => {
  let t: TestDatabase;
  let web: FrontDoorServer;
  let pool: ReturnType<typeof createWebhookPool>;
  const shedder = new WebhookShedder({ maxInFlight: MAX, retryAfterS: 2 });
  let inHandler = 0;
  let maxInHandler = 0;

  beforeAll(async () => {
    t = await createTestDatabase();
    pool = createWebhookPool(t.url, 4);
    const config = frontDoorConfig({});
    if (!config.ok) throw new Error(config.problem);
    web = await startFrontDoorServer(
      {
        [PATH]: async (req) => {
          maxInHandler = Math.max(maxInHandler, ++inHandler);
          try {
            // a slow moment: the first webhooks wait until the bound is full (or 1 s), so the
            // ones behind them meet a full process whatever this machine's speed
            for (const until = Date.now() + 1_000; maxInHandler < MAX && Date.now() < until; ) await new Promise((res) => setTimeout(res, 5));
            return await handleWebhook(req, twilioSmsInbound as Connector<unknown>, TOKEN, pool);
          } finally {
            inHandler--;
          }
        },
      },
      config.config,
      shedder,
    );
    process.env.PUBLIC_BASE_URL = web.url;
  });
  afterAll(async () => {
    await web?.close();
    await pool?.end();
    await t?.drop();
  });

  it("past the bound answers 503 with Retry-After at once; every 2xx is stored exactly once, nothing shed is stored", async () => {
    const port = Number(new URL(web.url).port);
    const r = await openLoop({
      host: "127.0.0.1",
      port,
      rate: 3_000,
      seconds: 0.1,
      plan: (i) => {
        const sid = `SM${String(i).padStart(32, "0")}`;
        const params = { MessageSid: sid, AccountSid: "AC00000000000000000000000000000000", From: "+61412345678", To: "+61280000000", Body: `burst ${i}` };
        return { id: sid, path: PATH, body: new URLSearchParams(params).toString(), headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": signTwilio(TOKEN, `${web.url}${PATH}`, params) } };
      },
    });
    expect(r.sent).toBe(300);
    expect(r.shed).toBeGreaterThan(0);
    expect(r.ok).toBeGreaterThan(0);
    // nothing but acks and sheds: no connection errors, no other failure
    expect(r.ok + r.shed).toBe(r.sent);
    expect(r.errors).toBe(0);
    expect(r.shedWithoutRetryAfter).toBe(0);
    // what is accepted never queues past the bound (so its wait is bounded, whatever the machine's speed)
    expect(maxInHandler).toBeLessThanOrEqual(MAX);
    expect(shedder.current).toBe(0);

    const rows = await t.db.incomingEvent.groupBy({ by: ["vendorEventId"], where: { vendor: "twilio" }, _count: true });
    const stored = new Map(rows.map((row) => [row.vendorEventId, row._count]));
    for (const id of r.acked) expect(stored.get(id)).toBe(1);
    for (const id of r.shedIds) expect(stored.has(id)).toBe(false);
    expect(stored.size).toBe(r.acked.length);
  });

  it("a shed Front event (Front does not retry) is recovered by the comms sync, once", async () => {
    await t.db.$executeRawUnsafe("TRUNCATE incoming_events, sync_recoveries, sync_cursors, sync_status CASCADE");
    await takeLease(t.db, FRONT_SYNC, "test-worker", 60_000);
    const frontShedder = new WebhookShedder({ maxInFlight: 1, retryAfterS: 2 });
    const h = await startFrontHarness(t.db, { ratePerMinute: 1_000, burstPerSecond: 1_000 }, frontShedder);
    try {
      expect((await h.inbound(1, 30)).delivery.delivered).toBe(true);
      // the process is busy: its one slot is taken
      expect(frontShedder.tryAcquire()).toBe(true);
      const shed = await h.inbound(2, 29);
      frontShedder.release();
      expect(shed.delivery).toMatchObject({ delivered: false, lastStatus: 503 });
      expect(await t.db.incomingEvent.count({ where: { vendorEventId: shed.event.id } })).toBe(0);

      const pass = await runFrontSyncPass(t.db, frontApi(h.api.url, undefined, new RequestBudget(1_000, 1_000)), "test-worker", { graceMs: 0, firstLookbackMs: 3600_000 });
      expect(pass).toMatchObject({ completed: true, recovered: 1 });
      expect(await t.db.incomingEvent.count({ where: { vendorEventId: shed.event.id } })).toBe(1);
      expect(await t.db.incomingEvent.count({ where: { vendor: "front" } })).toBe(2);
    } finally {
      await h.close();
    }
  });
});
