import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { appointjetBookings, shopifyOrders, simplybookBookings } from "@/lib/identity/sources";
import type { Connector } from "@/lib/interactions/connectors/types";
import { handleWebhook } from "./webhook-handler";
import { signShopify } from "@/lib/vendors/shopify/verify";
import { signSources } from "@/lib/vendors/sources/verify";
import { assignments, createIdentityTestDb, IDENTITY_TABLES, type IdentityTestDb } from "@/tests/support/identity-db";
import { resolveRecords } from "@/lib/identity/db/resolve-records";
import { processSourceEvents } from "@/lib/identity/db/source-events";

const SHOPIFY_SECRET = "shopify-test-secret";
const SOURCES_SECRET = "sources-test-secret";

const order = {
  id: 820982911946154508,
  admin_graphql_api_id: "gid://shopify/Order/820982911946154508",
  email: "Jon@Example.com",
  created_at: "2026-02-28T09:00:00-05:00",
  updated_at: "2026-02-28T10:00:00-05:00",
  customer: { id: 115310627314723954, email: "Jon@Example.com", first_name: "Jon", last_name: "Snow", phone: null },
  billing_address: { first_name: "Jon", last_name: "Snow", phone: "0412 345 678" },
};
const sbm = {
  booking_id: "1057",
  booking_hash: "8f1c2e",
  company: "acmeclinic",
  notification_type: "create",
  booking: { id: "1057", code: "0bvm7pmh", start_datetime: "2026-03-05 10:00:00", service: "Consultation", status: "confirmed", updated_at: "2026-03-01T09:55:00+11:00", client: { id: 88, full_name: "Snow, Jon (regular)", email: "jon@example.com", phone: "0412 345 678" } },
};
const aj = {
  event: "booking.created",
  booking: { id: "AJ-77", updated_at: "2026-03-01T09:59:00Z", client: { first_name: "Ana", last_name: "Lima", email: "limas@example.com", phone: "+61412999000" }, partner: { first_name: "Rui", last_name: "Lima", email: "limas@example.com", phone: null } },
};

type Sign = "valid" | "invalid" | "missing";
const post = (path: string, body: string, headers: Record<string, string>) =>
  new Request(`http://localhost:3000${path}`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body });

type Source = { name: string; connector: Connector<unknown>; secret: string; path: string; body: object; request: (raw: string, sign: Sign) => Request };
/** A booking source relayed by us: X-Switchboard-Signature with the sources secret. */
const relayed = (name: string, connector: unknown, body: object): Source => {
  const path = `/api/webhooks/${name}`;
  return {
    name, connector: connector as Connector<unknown>, secret: SOURCES_SECRET, path, body,
    request: (raw, sign) => post(path, raw, sign === "missing" ? {} : { "x-switchboard-signature": signSources(sign === "valid" ? SOURCES_SECRET : "wrong", raw) }),
  };
};
const sources: Source[] = [
  {
    name: "shopify orders",
    connector: shopifyOrders as Connector<unknown>,
    secret: SHOPIFY_SECRET,
    path: "/api/webhooks/shopify/orders",
    body: order,
    request: (raw, sign) =>
      post("/api/webhooks/shopify/orders", raw, {
        "x-shopify-webhook-id": "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043",
        "x-shopify-topic": "orders/updated",
        ...(sign === "missing" ? {} : { "x-shopify-hmac-sha256": signShopify(sign === "valid" ? SHOPIFY_SECRET : "wrong", raw) }),
      }),
  },
  relayed("simplybook", simplybookBookings, sbm),
  relayed("appointjet", appointjetBookings, aj),
];

describe("identity source webhooks → source records → people", () => {
  let t: IdentityTestDb;
  beforeAll(async () => {
    process.env.PUBLIC_BASE_URL = "http://localhost:3000";
    t = await createIdentityTestDb();
  });
  afterAll(async () => {
    await t.drop();
  });
  beforeEach(async () => {
    await t.pool.query(`TRUNCATE incoming_events, ${IDENTITY_TABLES} CASCADE`);
  });

  for (const s of sources) {
    it(`${s.name}: a signed webhook is stored once; a bad or missing signature stores nothing; a malformed one is 400`, async () => {
      const raw = JSON.stringify(s.body);
      const ok = await handleWebhook(s.request(raw, "valid"), s.connector, s.secret, t.db);
      expect(ok.status).toBe(200);
      expect((await handleWebhook(s.request(raw, "valid"), s.connector, s.secret, t.db)).status).toBe(200);
      expect(await t.db.incomingEvent.count()).toBe(1);

      // a bad signature is 401, as Shopify documents for its HMAC (the sources follow it)
      const forged = await handleWebhook(s.request(raw, "invalid"), s.connector, s.secret, t.db);
      expect(forged.status).toBe(401);
      expect(await forged.json()).toMatchObject({ error: expect.stringMatching(/^bad /) });
      const unsigned = await handleWebhook(s.request(raw, "missing"), s.connector, s.secret, t.db);
      expect(unsigned.status).toBe(401);
      expect(await t.db.incomingEvent.count()).toBe(1);

      const malformedBody = JSON.stringify({ nothing: "useful" });
      const malformed = await handleWebhook(s.request(malformedBody, "valid"), s.connector, s.secret, t.db);
      expect(malformed.status).toBe(400);
      expect(((await malformed.json()) as { error: string }).error).not.toBe("");
      expect(await t.db.incomingEvent.count()).toBe(1);
    });
  }

  it("turns stored webhooks into source records (idempotently) and resolves them into people", async () => {
    for (const s of sources) expect((await handleWebhook(s.request(JSON.stringify(s.body), "valid"), s.connector, s.secret, t.db)).status).toBe(200);
    const first = await processSourceEvents(t.pool, 100);
    expect(first).toMatchObject({ processed: 3, statuses: { success: 3 } });
    expect(first.toResolve).toHaveLength(4);
    expect(await processSourceEvents(t.pool, 100)).toMatchObject({ processed: 0 });

    const records = await t.db.sourceRecord.findMany({ orderBy: [{ source: "asc" }, { externalId: "asc" }], select: { source: true, externalId: true, matchFirst: true, matchLast: true, matchEmail: true, matchPhone: true, bookingId: true } });
    expect(records).toEqual([
      { source: "order", externalId: "820982911946154508", matchFirst: "jon", matchLast: "snow", matchEmail: "jon@example.com", matchPhone: "+61412345678", bookingId: null },
      { source: "sbm", externalId: "1057", matchFirst: "jon", matchLast: "snow", matchEmail: "jon@example.com", matchPhone: "+61412345678", bookingId: "1057" },
      { source: "aj", externalId: "AJ-77", matchFirst: "ana", matchLast: "lima", matchEmail: "limas@example.com", matchPhone: "+61412999000", bookingId: "AJ-77" },
      { source: "aj_partner", externalId: "AJ-77-p", matchFirst: "rui", matchLast: "lima", matchEmail: "limas@example.com", matchPhone: null, bookingId: "AJ-77" },
    ]);

    await resolveRecords(t.pool, first.toResolve);
    const a = await assignments(t);
    expect(a.get("sbm:1057")).toBe(a.get("order:820982911946154508"));
    expect(a.get("aj_partner:AJ-77-p")).not.toBe(a.get("aj:AJ-77"));
    expect(a.get("aj_partner:AJ-77-p")).not.toBeNull();
    expect(await t.db.person.count()).toBe(3);
  });

  it("bumps the evidence version only when identifying fields change", async () => {
    const send = async (body: object, id: string) => {
      const raw = JSON.stringify(body);
      const req = post("/api/webhooks/appointjet", raw, { "x-switchboard-signature": signSources(SOURCES_SECRET, raw) });
      expect((await handleWebhook(req, appointjetBookings as Connector<unknown>, SOURCES_SECRET, t.db)).status).toBe(200);
      const r = await processSourceEvents(t.pool, 100);
      const row = await t.db.sourceRecord.findUniqueOrThrow({ where: { source_externalId: { source: "aj", externalId: id } }, select: { evidenceVersion: true } });
      return { toResolve: r.toResolve.length, version: row.evidenceVersion };
    };
    const first = await send(aj, "AJ-77");
    expect(first.toResolve).toBe(2);
    // a new status, same people: stored, nothing to resolve
    const moved = await send({ ...aj, event: "booking.updated", booking: { ...aj.booking, status: "cancelled", updated_at: "2026-03-02T09:00:00Z" } }, "AJ-77");
    expect(moved).toEqual({ toResolve: 0, version: first.version });
    const renamed = await send({ ...aj, event: "booking.updated", booking: { ...aj.booking, client: { ...aj.booking.client, phone: "0412 111 000" }, updated_at: "2026-03-03T09:00:00Z" } }, "AJ-77");
    expect(renamed.toResolve).toBe(1);
    expect(renamed.version).not.toBe(first.version);
  });
});
