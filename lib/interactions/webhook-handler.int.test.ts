import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "@/lib/db/client";
import { withDatabase } from "@/lib/db/embedded";
import { startOwnPostgres, type OwnPostgres } from "@/tests/support/own-postgres";
import { migrate } from "@/lib/db/migrate";
import { signTwilio } from "@/lib/vendors/twilio/verify";
import { twilioSmsInbound } from "./connectors";
import type { Connector } from "./connectors/types";
import { handleWebhook } from "./webhook-handler";
import { createWebhookPool } from "./webhook-pool";

const TOKEN = "handler-test-token";
const URL_ = "http://localhost:3000/api/webhooks/twilio/sms";

function sms(i: number, token = TOKEN, tamper = false): Request {
  const sid = `SM${String(i).padStart(32, "0")}`;
  const params = { MessageSid: sid, AccountSid: "AC00000000000000000000000000000000", From: "+61412345678", To: "+61280000000", Body: `hello ${i}` };
  const signature = signTwilio(token, URL_, params);
  const body = new URLSearchParams(tamper ? { ...params, Body: "tampered" } : params).toString();
  return new Request(URL_, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": signature }, body });
}
const handle = (db: Db, req: Request) => handleWebhook(req, twilioSmsInbound as Connector<unknown>, TOKEN, db);

describe("webhook handler", () => {
  let pg: OwnPostgres;
  let db: Db;
  let url: string;

  beforeAll(async () => {
    process.env.PUBLIC_BASE_URL = "http://localhost:3000";
    pg = await startOwnPostgres("pg-webhook-test");
    url = withDatabase(pg.url, "postgres");
    await migrate(url);
    db = createDb(url, { max: 2 });
    await db.$executeRawUnsafe("TRUNCATE incoming_events CASCADE");
  });
  afterAll(async () => {
    await db?.$disconnect();
    await pg?.remove();
  });

  it("stores a signed event and answers Twilio's empty TwiML; a retry stores nothing new", async () => {
    const first = await handle(db, sms(1));
    expect(first.status).toBe(200);
    expect(first.headers.get("content-type")).toMatch(/xml/);
    expect((await handle(db, sms(1))).status).toBe(200);
    expect(await db.incomingEvent.count({ where: { vendorEventId: `SM${String(1).padStart(32, "0")}` } })).toBe(1);
  });

  it("stores through the routes' node-postgres pool the same way: contact and payload once, a retry a no-op", async () => {
    const pool = createWebhookPool(url, 2);
    try {
      for (let n = 0; n < 2; n++) expect((await handleWebhook(sms(7), twilioSmsInbound as Connector<unknown>, TOKEN, pool)).status).toBe(200);
      const rows = await db.incomingEvent.findMany({ where: { vendorEventId: `SM${String(7).padStart(32, "0")}` } });
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ vendor: "twilio", eventType: "sms.received", contactKind: "phone", contactValue: "+61412345678", status: "pending" });
      expect(rows[0]!.payload).toMatchObject({ Body: "hello 7", From: "+61412345678" });
    } finally {
      await pool.end();
    }
  });

  it("refuses a tampered or wrongly signed event and stores nothing", async () => {
    expect((await handle(db, sms(2, TOKEN, true))).status).toBe(403);
    expect((await handle(db, sms(3, "another-token"))).status).toBe(403);
    const unsigned = new Request(URL_, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "MessageSid=SMx" });
    expect((await handle(db, unsigned)).status).toBe(401);
    expect(await db.incomingEvent.count({ where: { vendorEventId: { in: [2, 3].map((i) => `SM${String(i).padStart(32, "0")}`) } } })).toBe(0);
  });

  it("answers 400 with the reason for a signed but malformed event", async () => {
    const params = { AccountSid: "AC00000000000000000000000000000000", From: "+61412345678" };
    const req = new Request(URL_, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": signTwilio(TOKEN, URL_, params) }, body: new URLSearchParams(params).toString() });
    const res = await handle(db, req);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toMatch(/MessageSid/);
  });

  it("loses nothing it acknowledged when the database stops mid-stream (503 while down, so the vendor retries)", async () => {
    const acked: number[] = [];
    const refused: number[] = [];
    for (let i = 100; i < 160; i++) {
      if (i === 120) await pg.stop();
      if (i === 140) pg = await pg.restart();
      const res = await handle(db, sms(i));
      if (res.status === 200) acked.push(i);
      else {
        expect(res.status).toBe(503);
        refused.push(i);
      }
    }
    expect(refused.length).toBeGreaterThan(0);
    expect(acked.length).toBeGreaterThan(0);
    // The vendor retries what was refused; every retry is stored once.
    for (const i of refused) expect((await handle(db, sms(i))).status).toBe(200);
    const stored = await db.incomingEvent.findMany({ where: { vendorEventId: { startsWith: "SM" } }, select: { vendorEventId: true } });
    const ids = new Set(stored.map((s) => s.vendorEventId));
    for (const i of [...acked, ...refused]) expect(ids.has(`SM${String(i).padStart(32, "0")}`)).toBe(true);
  });
});
