import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/tests/support/test-db";
import { receiveWebhook, twilioSmsInbound } from "./connectors";
import type { Connector } from "./connectors/types";
import { inboundSms, OUR_NUMBER, twilioCtx, twilioRequest } from "./connectors/twilio.fixtures";
import { createPersonFromContact, ignoreContact, linkContact, undoDecision } from "./contact-decisions";
import { processPendingBatch } from "./process-events";
import { loadSkipRules } from "./skip-rules";
import { storeIncomingEvent } from "./store-incoming-event";
import { listUnidentifiedContacts } from "./unidentified";

const opts = { rules: loadSkipRules(undefined), defaultRegion: "AU" as const };
const STRANGER = "+61499000111";
const contact = { kind: "phone" as const, value: STRANGER };

describe("ops decisions on unidentified contacts", () => {
  let t: TestDatabase;
  let n = 0;
  let alice: string;

  const smsFrom = async (from: string, body = "hello") => {
    const sid = `SM${String(++n).padStart(32, "0")}`;
    const o = receiveWebhook(twilioSmsInbound as Connector<unknown>, twilioRequest("/api/webhooks/twilio/sms", { ...inboundSms, MessageSid: sid, From: from, Body: body }), twilioCtx);
    if (o.kind !== "store") throw new Error("not stored");
    await storeIncomingEvent(t.db, o.event);
    await processPendingBatch(t.db, 100, opts);
  };
  const statuses = async () => (await t.db.incomingEvent.findMany({ orderBy: { receivedAt: "asc" } })).map((e) => e.status);

  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => {
    await t.drop();
  });
  beforeEach(async () => {
    await t.db.$executeRawUnsafe("TRUNCATE incoming_events, interaction_events, contact_points, contact_resolutions, persons, staff, audit_logs CASCADE");
    alice = (await t.db.person.create({ data: { firstName: "Alice", lastName: "Nguyen" } })).id;
    const staffId = (await t.db.staff.create({ data: { displayName: "Desk" } })).id;
    await t.db.contactPoint.create({ data: { kind: "phone", value: OUR_NUMBER, staffId, validFrom: new Date("2020-01-01"), firstSeenAt: new Date("2020-01-01"), lastSeenAt: new Date(), origin: "test" } });
  });

  it("lists waiting contacts grouped, with a preview", async () => {
    await smsFrom(STRANGER, "first");
    await smsFrom(STRANGER, "second");
    await smsFrom("+61499000222", "other");
    const page = await listUnidentifiedContacts(t.db, { limit: 10 });
    expect(page.total).toBe(2);
    const c = page.contacts.find((x) => x.value === STRANGER)!;
    expect(c).toMatchObject({ kind: "phone", count: 2, channels: ["sms"] });
    expect(c.preview.map((p) => p.summary)).toEqual(["second", "first"].map((s) => expect.stringContaining(s)));
  });

  it("links a contact: waiting events land on the person, and the next one resolves by itself", async () => {
    await smsFrom(STRANGER, "one");
    await smsFrom(STRANGER, "two");
    const r = await linkContact(t.db, { contact, personId: alice, actor: "ops@x" }, opts);
    expect(r).toMatchObject({ personId: alice, reprocessed: 2, statuses: { success: 2 } });
    await smsFrom(STRANGER, "three");
    expect(await statuses()).toEqual(["success", "success", "success"]);
    expect(await t.db.interactionEvent.count({ where: { personId: alice } })).toBe(3);
    expect((await listUnidentifiedContacts(t.db)).total).toBe(0);
    expect(await t.db.auditLog.count({ where: { action: "contact.link" } })).toBe(1);
  });

  it("undoes a link: the interactions go, the events wait again, new ones wait too", async () => {
    await smsFrom(STRANGER);
    const r = await linkContact(t.db, { contact, personId: alice, actor: "ops@x" }, opts);
    if ("error" in r) throw new Error(r.error);
    expect(await undoDecision(t.db, { resolutionId: r.resolutionId, actor: "ops@x" }, opts)).toEqual({ ok: true, requeued: 1 });
    expect(await t.db.interactionEvent.count()).toBe(0);
    await smsFrom(STRANGER);
    expect(await statuses()).toEqual(["unmatchable_person", "unmatchable_person"]);
    expect(await undoDecision(t.db, { resolutionId: r.resolutionId, actor: "ops@x" }, opts)).toEqual({ error: "already_undone" });
  });

  it("creates a person from a contact, and undo removes the person it made", async () => {
    await smsFrom(STRANGER);
    const r = await createPersonFromContact(t.db, { contact, firstName: "Zed", lastName: "New", actor: "ops@x" }, opts);
    const zed = await t.db.person.findUniqueOrThrow({ where: { id: r.personId! } });
    expect(zed).toMatchObject({ firstName: "Zed", phone: STRANGER });
    expect(await t.db.interactionEvent.count({ where: { personId: zed.id } })).toBe(1);
    await undoDecision(t.db, { resolutionId: r.resolutionId, actor: "ops@x" }, opts);
    expect(await t.db.person.count({ where: { id: zed.id } })).toBe(0);
  });

  it("ignores a contact now and in future, and undo brings it back", async () => {
    await smsFrom(STRANGER);
    const r = await ignoreContact(t.db, { contact, actor: "ops@x" });
    await smsFrom(STRANGER);
    expect(await statuses()).toEqual(["ignored", "ignored"]);
    await undoDecision(t.db, { resolutionId: r.resolutionId, actor: "ops@x" }, opts);
    expect(await statuses()).toEqual(["unmatchable_person", "unmatchable_person"]);
    expect((await listUnidentifiedContacts(t.db)).contacts[0]).toMatchObject({ value: STRANGER, count: 2 });
  });

  it("refuses a link to a person who does not exist, changing nothing", async () => {
    await smsFrom(STRANGER);
    expect(await linkContact(t.db, { contact, personId: "00000000-0000-0000-0000-000000000000", actor: "ops@x" }, opts)).toEqual({ error: "no_such_person" });
    expect(await t.db.contactResolution.count()).toBe(0);
    expect(await statuses()).toEqual(["unmatchable_person"]);
  });
});
