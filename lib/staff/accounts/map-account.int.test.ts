// Issue 13 item 4: staff on Aircall and Front are recognised once an admin maps them (suggested
// by email from the vendors' user and teammate lists), and the events waiting on them land.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { envelope, event, messageTarget, outboundMessage } from "@/lib/interactions/connectors/front.fixtures";
import { aircallCallData } from "@/lib/interactions/fixtures/documented";
import { processPendingBatch } from "@/lib/interactions/process-events";
import { loadSkipRules } from "@/lib/interactions/skip-rules";
import { serveAircallSimulator, type AircallServer } from "@/lib/vendors/aircall/simulator-server";
import { FrontSimulator } from "@/lib/vendors/front/simulator";
import { serveFrontSimulator, type RunningServer } from "@/lib/vendors/front/simulator-server";
import { createTestDatabase, type TestDatabase } from "@/tests/support/test-db";
import { postAircall, postFront } from "@/tests/support/vendor-posts";
import { fetchVendorAccounts } from "./directory";
import { mapStaffAccount, staffAndMappings } from "./map-account";
import { suggestMappings } from "./suggest";

const opts = { rules: loadSkipRules(undefined), defaultRegion: "AU" as const };
const madelaine = { id: 456, name: "Madelaine Dupont", email: "Madelaine.Dupont@acme.example" };
const brandon = { id: "tea_a0ljo", email: "brandon@acme.example", first_name: "Brandon", last_name: "Lee" };

describe("mapping staff to their Aircall user and Front teammate", () => {
  let t: TestDatabase;
  let aircall: AircallServer;
  let front: RunningServer;
  let sam: string;
  let bran: string;
  let customer: string;

  beforeAll(async () => {
    t = await createTestDatabase();
    aircall = await serveAircallSimulator({ users: [madelaine, { id: 457, email: "nobody@elsewhere.example" }], mediaSecret: "s" });
    front = await serveFrontSimulator(new FrontSimulator({ secret: "x", teammates: [brandon] }));
  });
  afterAll(async () => {
    await aircall?.close();
    await front?.close();
    await t?.drop();
  });
  beforeEach(async () => {
    await t.db.$executeRawUnsafe("TRUNCATE incoming_events, interaction_events, contact_points, persons, staff, users CASCADE");
    const user = (id: string, email: string) => t.db.user.create({ data: { id, name: id, email } });
    sam = (await t.db.staff.create({ data: { displayName: "Madelaine", user: { connect: { id: (await user("u1", "madelaine.dupont@acme.example")).id } } } })).id;
    bran = (await t.db.staff.create({ data: { displayName: "Brandon", user: { connect: { id: (await user("u2", "brandon@acme.example")).id } } } })).id;
    customer = (await t.db.person.create({ data: { firstName: "Sabrina" } })).id;
    const from = new Date("2020-01-01");
    await t.db.contactPoint.createMany({
      data: [
        { kind: "phone", value: "+61412345678", personId: customer, validFrom: from, firstSeenAt: from, lastSeenAt: from, origin: "test" },
        { kind: "email", value: "sabrina@customer.example", personId: customer, validFrom: from, firstSeenAt: from, lastSeenAt: from, origin: "test" },
      ],
    });
  });

  it("suggests each vendor account's staff member by email from the vendors' lists", async () => {
    const { accounts, errors } = await fetchVendorAccounts({ aircall: { baseUrl: aircall.url }, front: { baseUrl: front.url } });
    expect(errors).toEqual([]);
    const { staff, mappings } = await staffAndMappings(t.db);
    expect(suggestMappings(staff, accounts, mappings).map((r) => [r.kind, r.externalId, r.suggested])).toEqual([
      ["aircall_user", "456", sam],
      ["aircall_user", "457", null],
      ["front_teammate", "tea_a0ljo", bran],
    ]);
  });

  it("an answered Aircall call and a Front reply wait for their staff member, then land on them once mapped", async () => {
    const ended = { resource: "call", event: "call.ended", timestamp: 1772355760, data: aircallCallData({ user: { id: 456, name: madelaine.name, email: madelaine.email } }) };
    expect((await postAircall(t.db, ended)).status).toBe(200);
    expect((await postFront(t.db, envelope("outbound_sent", event("outbound", { _meta: { type: "message" }, data: outboundMessage() }, { id: "evt_reply" })))).status).toBe(200);
    await processPendingBatch(t.db, 100, opts);
    expect((await t.db.incomingEvent.findMany({ orderBy: { vendor: "asc" } })).map((e) => [e.vendor, e.status, e.reason])).toEqual([
      ["aircall", "unmatchable_staff", "staff unknown"],
      ["front", "unmatchable_staff", "staff unknown"],
    ]);
    expect((await staffAndMappings(t.db)).waiting).toEqual({ "aircall_user:456": 1, "front_teammate:tea_a0ljo": 1 });

    expect(await mapStaffAccount(t.db, { staffId: sam, kind: "aircall_user", externalId: "456", actor: "admin" }, opts)).toEqual({ ok: true, reprocessed: 1, statuses: { success: 1 } });
    expect(await mapStaffAccount(t.db, { staffId: bran, kind: "front_teammate", externalId: "tea_a0ljo", actor: "admin" }, opts)).toEqual({ ok: true, reprocessed: 1, statuses: { success: 1 } });
    const made = await t.db.interactionEvent.findMany({ orderBy: { channel: "asc" } });
    expect(made.map((i) => [i.channel, i.personId, i.staffId])).toEqual([["call", customer, sam], ["email", customer, bran]]);

    // From now on they resolve by themselves.
    await postAircall(t.db, { ...ended, timestamp: ended.timestamp + 600, data: aircallCallData({ id: 9002, user: { id: 456 } }) });
    expect((await processPendingBatch(t.db, 100, opts)).statuses).toEqual({ success: 1 });
  });

  it("remapping an account moves it from now on and keeps the history; an unknown staff member is refused", async () => {
    await mapStaffAccount(t.db, { staffId: sam, kind: "aircall_user", externalId: "456", actor: "admin" }, opts);
    await mapStaffAccount(t.db, { staffId: bran, kind: "aircall_user", externalId: "456", actor: "admin" }, opts);
    const points = await t.db.contactPoint.findMany({ where: { kind: "aircall_user" }, orderBy: { validFrom: "asc" } });
    expect(points.map((p) => [p.staffId, p.validTo === null])).toEqual([[sam, false], [bran, true]]);
    expect((await staffAndMappings(t.db)).mappings).toEqual([{ kind: "aircall_user", externalId: "456", staffId: bran }]);
    expect(await mapStaffAccount(t.db, { staffId: "00000000-0000-4000-8000-000000000000", kind: "aircall_user", externalId: "456", actor: "admin" }, opts)).toEqual({ ok: false, error: "no_such_staff" });
  });

  it("an inbound Front message assigned to an unmapped teammate does not wait", async () => {
    await postFront(t.db, envelope("inbound_received", event("inbound", messageTarget(), { id: "evt_in", conversation: { id: "cnv_9", assignee: brandon } })));
    expect((await processPendingBatch(t.db, 100, opts)).statuses).toEqual({ success: 1 });
  });
});
