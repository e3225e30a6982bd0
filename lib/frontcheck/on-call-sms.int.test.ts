import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSmsHarness, OUR_LINE, type SmsHarness } from "@/tests/support/sms-harness";
import { storeIncomingEvent } from "@/lib/interactions/store-incoming-event";
import { checkFront } from "./check";
import type { IncidentEmail } from "./notify";

const quiet: IncidentEmail = { opened: async () => {}, cleared: async () => {} };

describe("FrontCheck's on-call SMS through the outbound SMS outbox", () => {
  let h: SmsHarness;
  beforeAll(async () => {
    h = await startSmsHarness();
  });
  afterAll(async () => h?.close());

  it("texts the on-call staff member (named by their email) once per incident, sent by the worker's SMS sender", async () => {
    const { db } = h.t;
    const email = (await db.user.findUniqueOrThrow({ where: { id: h.userId } })).email;
    const emittedAt = new Date(Date.now() - 60_000);
    for (const id of ["evt_missed1", "evt_missed2"]) {
      const stored = await storeIncomingEvent(db, { vendor: "front", vendorEventId: id, eventType: "inbound_received", occurredAt: emittedAt, channel: "email", contact: null, payload: {} });
      if (!stored.stored) throw new Error("not stored");
      await db.$executeRaw`INSERT INTO sync_recoveries (vendor, vendor_event_id, incoming_event_id, emitted_at) VALUES ('front', ${id}, ${stored.id}::uuid, ${emittedAt})`;
    }
    const alerts = { onCall: email.toUpperCase(), fromNumber: "+61299990000", statusCallbackUrl: "http://127.0.0.1:9/api/webhooks/twilio/sms-status" };
    const outcome = await checkFront(db, alerts, quiet);
    expect(outcome.opened).toMatchObject({ eventsRecovered: 2 });
    const sender = await h.startSender();
    try {
      for (let until = Date.now() + 20_000; Date.now() < until && h.sentAtTwilio().length === 0; ) await new Promise((r) => setTimeout(r, 100));
    } finally {
      await sender.stop();
    }
    expect(h.sentAtTwilio()).toEqual([expect.objectContaining({ to: OUR_LINE, body: expect.stringContaining("Front's webhook looks down") })]);
    const incident = await db.frontCheckIncident.findFirstOrThrow();
    const outbox = await db.smsOutbox.findUniqueOrThrow({ where: { interactionId: incident.alertSmsInteractionId! } });
    expect(outbox).toMatchObject({ state: "sent", toAddress: OUR_LINE });
    // still open: a second check texts nobody
    expect(await checkFront(db, alerts, quiet)).toMatchObject({ opened: null });
    expect(await db.smsOutbox.count()).toBe(1);
  });
});
