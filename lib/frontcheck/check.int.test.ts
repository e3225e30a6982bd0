import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/tests/support/test-db";
import { startFrontHarness, type FrontHarness } from "@/tests/support/front-sync-harness";
import { logger } from "@/lib/log/logger";
import { frontApi } from "@/lib/vendors/front/client";
import { takeLease } from "@/lib/sync/cursor-store";
import { FRONT_SYNC, runFrontSyncPass } from "@/lib/sync/front-sync";
import { RequestBudget } from "@/lib/sync/request-budget";
import { startVendorSyncs } from "@/lib/sync/worker";
import { checkFront } from "./check";
import { openIncident } from "./incidents";
import { syncConfig } from "./config";
import type { IncidentEmail, IncidentView } from "./notify";

const OWNER = "test-worker";

function recordingEmail() {
  const sent: { kind: "opened" | "cleared"; incident: IncidentView }[] = [];
  const email: IncidentEmail = {
    opened: async (incident) => void sent.push({ kind: "opened", incident }),
    cleared: async (incident) => void sent.push({ kind: "cleared", incident }),
  };
  return { sent, email };
}

describe("FrontCheck", () => {
  let t: TestDatabase;
  let h: FrontHarness;
  let staffId: string;
  beforeAll(async () => {
    t = await createTestDatabase();
    const now = new Date();
    const staff = await t.db.staff.create({
      data: { displayName: "On call", contactPoints: { create: { kind: "phone", value: "+61400000999", validFrom: now, firstSeenAt: now, lastSeenAt: now, origin: "test" } } },
    });
    staffId = staff.id;
  });
  afterAll(async () => t?.drop());
  beforeEach(async () => {
    await t.db.$executeRawUnsafe("TRUNCATE incoming_events, sync_recoveries, sync_cursors, sync_status, front_check_incidents, realtime_events, sms_outbox CASCADE");
    await t.db.$executeRawUnsafe("DELETE FROM interaction_events");
  });
  afterEach(async () => h?.close());

  const alerts = () => ({ onCall: staffId, fromNumber: "+61299990000", statusCallbackUrl: "http://localhost:3000/api/webhooks/twilio/sms-status" });
  const banners = async () =>
    (await t.db.$queryRaw<{ payload: { state: string; eventsRecovered: number } }[]>`SELECT payload FROM realtime_events WHERE type = 'frontcheck.incident' ORDER BY seq`).map((r) => r.payload);

  it("raises an incident for events only the sync found (banner, on-call SMS, email hook), and clears it when deliveries resume", async () => {
    h = await startFrontHarness(t.db, { ratePerMinute: 1_000, burstPerSecond: 1_000 });
    await takeLease(t.db, FRONT_SYNC, OWNER, 60_000);
    const api = frontApi(h.api.url, undefined, new RequestBudget(1_000, 1_000));
    const pass = async () => {
      await new Promise((r) => setTimeout(r, 5)); // q[before] is exclusive: past the last event's millisecond
      return runFrontSyncPass(t.db, api, OWNER, { graceMs: 0, firstLookbackMs: 3600_000 });
    };
    const { sent, email } = recordingEmail();
    // events emitted now, each after the cursor the last pass left (grace 0: the window ends at the pass)
    const later = async (n: number) => {
      await new Promise((r) => setTimeout(r, 5));
      return h.inbound(n, 0);
    };

    for (let i = 0; i < 3; i++) await later(i);
    await pass();
    expect(await checkFront(t.db, alerts(), email)).toMatchObject({ opened: null, cleared: null, joined: 0 });

    h.sim.disableWebhook();
    const firstMissed = await later(3);
    await later(4);
    await pass();
    const opened = await checkFront(t.db, alerts(), email);
    expect(opened.opened).toMatchObject({ eventsRecovered: 2, clearedAt: null, startedAt: new Date(Math.round(firstMissed.event.emitted_at * 1000)) });
    expect(await openIncident(t.db)).toMatchObject({ id: opened.opened!.id });
    expect(await banners()).toEqual([expect.objectContaining({ state: "open", eventsRecovered: 2 })]);
    const sms = await t.db.smsOutbox.findMany();
    expect(sms).toEqual([expect.objectContaining({ toAddress: "+61400000999", fromAddress: "+61299990000", state: "pending", idempotencyKey: `frontcheck:${opened.opened!.id}` })]);
    expect(sent.map((s) => s.kind)).toEqual(["opened"]);

    // still down: more missed events join the same incident, nobody is texted again
    await later(5);
    await pass();
    expect(await checkFront(t.db, alerts(), email)).toMatchObject({ opened: null, cleared: null, joined: 1 });
    expect(await t.db.smsOutbox.count()).toBe(1);

    // re-enabled: a delivered event after the last missed one clears it
    h.sim.enableWebhook();
    expect((await later(6)).delivery.delivered).toBe(true);
    await pass();
    const cleared = await checkFront(t.db, alerts(), email);
    expect(cleared.cleared).toMatchObject({ id: opened.opened!.id, eventsRecovered: 3, clearedAt: expect.any(Date) });
    expect(await openIncident(t.db)).toBeNull();
    expect((await banners()).map((b) => b.state)).toEqual(["open", "cleared"]);
    expect(sent.map((s) => s.kind)).toEqual(["opened", "cleared"]);

    // history: started, detected, cleared, events recovered
    const history = await t.db.frontCheckIncident.findMany();
    expect(history).toEqual([expect.objectContaining({ eventsRecovered: 3, alertSmsInteractionId: sms[0]!.interactionId, alertNote: null })]);
    expect(history[0]!.startedAt.getTime()).toBeLessThan(history[0]!.detectedAt.getTime());
    expect(history[0]!.detectedAt.getTime()).toBeLessThan(history[0]!.clearedAt!.getTime());
  });

  it("notes why no SMS went when no on-call staff member is configured", async () => {
    h = await startFrontHarness(t.db, { ratePerMinute: 1_000, burstPerSecond: 1_000 });
    await takeLease(t.db, FRONT_SYNC, OWNER, 60_000);
    h.sim.disableWebhook();
    await h.inbound(1, 60);
    await runFrontSyncPass(t.db, frontApi(h.api.url, undefined, new RequestBudget(1_000, 1_000)), OWNER, { graceMs: 0, firstLookbackMs: 3600_000 });
    const { email } = recordingEmail();
    await checkFront(t.db, { ...alerts(), onCall: null }, email);
    expect(await t.db.frontCheckIncident.findFirst()).toMatchObject({ alertSmsInteractionId: null, alertNote: expect.stringContaining("FRONTCHECK_ON_CALL") });
    expect(await t.db.smsOutbox.count()).toBe(0);
  });

  it(
    "alerts within a minute of the webhook being disabled, at the default interval and grace, through the worker's loop (prints the delay)",
    async () => {
      h = await startFrontHarness(t.db, { ratePerMinute: 100 });
      const config = syncConfig({ FRONT_SIM_URL: h.api.url, FRONTCHECK_ON_CALL: staffId });
      const syncs = startVendorSyncs({ db: t.db, owner: OWNER, log: logger, config, email: recordingEmail().email });
      let i = 0;
      let traffic = true;
      const sending = (async () => {
        while (traffic) {
          await h.inbound(i++, 0);
          await new Promise((r) => setTimeout(r, 500));
        }
      })();
      const waitFor = async (what: () => Promise<boolean>, ms: number) => {
        const until = Date.now() + ms;
        while (Date.now() < until) {
          if (await what()) return true;
          await new Promise((r) => setTimeout(r, 100));
        }
        return false;
      };
      try {
        await new Promise((r) => setTimeout(r, 2_000));
        const disabledAt = Date.now();
        h.sim.disableWebhook();
        expect(await waitFor(async () => (await openIncident(t.db)) !== null, 60_000)).toBe(true);
        const incident = (await openIncident(t.db))!;
        const delayMs = incident.detectedAt.getTime() - disabledAt;
        console.log(JSON.stringify({ frontcheck_disable_to_alert_ms: delayMs, interval_s: config.front!.intervalMs / 1000, grace_s: config.front!.graceMs / 1000 }));
        expect(delayMs).toBeLessThan(60_000);
        h.sim.enableWebhook();
        const enabledAt = Date.now();
        expect(await waitFor(async () => (await t.db.frontCheckIncident.count({ where: { clearedAt: { not: null } } })) === 1, 60_000)).toBe(true);
        console.log(JSON.stringify({ frontcheck_enable_to_clear_ms: Date.now() - enabledAt }));
      } finally {
        traffic = false;
        await sending;
        await syncs.stop();
      }
      // every event the simulator emitted is stored once; the missed ones are the incident's
      const incident = await t.db.frontCheckIncident.findFirstOrThrow();
      // a last pass with no grace takes what the loop's grace still held back
      await takeLease(t.db, FRONT_SYNC, OWNER, 60_000);
      await new Promise((r) => setTimeout(r, 5));
      await runFrontSyncPass(t.db, frontApi(h.api.url, undefined, new RequestBudget(1_000, 1_000)), OWNER, { graceMs: 0, firstLookbackMs: 3600_000 });
      const stored = (await t.db.incomingEvent.findMany({ where: { vendor: "front" }, select: { vendorEventId: true } })).map((e) => e.vendorEventId).sort();
      expect(stored).toEqual(h.sim.events.map((e) => e.id).sort());
      expect(incident.eventsRecovered).toBe(await t.db.syncRecovery.count({ where: { incidentId: incident.id } }));
    },
    150_000,
  );
});
