/**
 * Integration harness for outbound SMS: a test database with a staff member (and their
 * line) and a person, the Twilio simulator, our SMS status webhook on a bare HTTP server
 * (the same handler as the Next route, storing IncomingEvents), and senders started on demand.
 */
import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createDb, type Db } from "@/lib/db/client";
import { logger } from "@/lib/log/logger";
import { twilioSmsStatusCallback } from "@/lib/interactions/connectors";
import type { Connector } from "@/lib/interactions/connectors/types";
import { processPendingBatch } from "@/lib/interactions/process-events";
import { recordOutboundSms, type RecordSmsResult } from "@/lib/interactions/outbound-sms/record";
import { SENDER_DEFAULTS, type SenderDeps, type SenderOptions } from "@/lib/interactions/outbound-sms/send";
import { startSmsSender, type SmsSender } from "@/lib/interactions/outbound-sms/sender";
import { loadSkipRules } from "@/lib/interactions/skip-rules";
import { handleWebhook } from "@/lib/interactions/webhook-handler";
import { createUser } from "@/lib/users/manage-users";
import { createTwilioClient, type TwilioClient } from "@/lib/vendors/twilio/client";
import { createTwilioSimulator, type TwilioSimulator } from "@/lib/vendors/twilio/simulator";
import { createTestDatabase, type TestDatabase } from "./test-db";

export const OUR_LINE = "+61280001000";
export const PERSON_PHONE = "+61412345678";

export type SenderStart = { twilio?: TwilioClient; db?: Db; options?: Partial<SenderOptions>; idleMs?: number; owner?: string };

export interface SmsHarness {
  t: TestDatabase;
  sim: TwilioSimulator;
  twilio: TwilioClient;
  userId: string;
  personId: string;
  record(body: string, opts?: { key?: string; personId?: string }): Promise<RecordSmsResult>;
  /** a person of their own, with this phone */
  person(phone: string | null): Promise<string>;
  startSender(opts?: SenderStart): Promise<SmsSender>;
  /** what a one-off sender (sendDue / sendClaimed) needs */
  deps(opts?: SenderStart): SenderDeps;
  /** messages the simulator was asked to send */
  sentAtTwilio(): { sid: string; body: string; to: string; status: string }[];
  /** the interaction's message and its outbox row */
  row(interactionId: string): Promise<{ status: string | null; error: string | null; sid: string | null; state: string; attempts: number; firstAttemptAt: Date | null }>;
  /** the interaction processor's batches, until nothing is pending */
  processCallbacks(): Promise<void>;
  close(): Promise<void>;
}

export async function startSmsHarness(opts: { speed?: number } = {}): Promise<SmsHarness> {
  const t = await createTestDatabase();
  const sim = await createTwilioSimulator({ speed: opts.speed ?? 50 });
  const twilio = createTwilioClient({ kind: "simulator", accountSid: sim.accountSid, authToken: sim.authToken, simUrl: sim.url });
  const u = await createUser(t.db, { name: "Sam", email: `sam.${randomUUID().slice(0, 8)}@example.com`, password: "password123", role: "staff" });
  if (!u.ok) throw new Error("could not create the staff user");
  const staff = await t.db.staff.findUniqueOrThrow({ where: { userId: u.id } });
  const at = new Date("2025-01-01");
  await t.db.contactPoint.create({ data: { kind: "phone", value: OUR_LINE, staffId: staff.id, validFrom: at, firstSeenAt: at, lastSeenAt: at, origin: "test" } });
  const person = async (phone: string | null) => (await t.db.person.create({ data: { firstName: "Pat", phone } })).id;
  const personId = await person(PERSON_PHONE);
  const { server, url: statusUrl } = await statusWebhook(t.db, sim.authToken);
  const senders: SmsSender[] = [];
  const pools: Db[] = [];
  const deps = (o: SenderStart = {}): SenderDeps => ({
    db: o.db ?? t.db,
    twilio: o.twilio ?? twilio,
    log: logger,
    owner: o.owner ?? `test-sender-${randomUUID().slice(0, 8)}`,
    options: { ...SENDER_DEFAULTS, leaseMs: 2_000, backoffMs: () => 20, ...o.options },
  });
  return {
    t,
    sim,
    twilio,
    userId: u.id,
    personId,
    person,
    record: (body, o = {}) =>
      recordOutboundSms(t.db, { personId: o.personId ?? personId, staffUserId: u.id, idempotencyKey: o.key ?? randomUUID(), body, statusCallbackUrl: statusUrl }),
    deps,
    async startSender(o = {}) {
      const db = o.db ?? createDb(t.url, { max: 4 });
      if (!o.db) pools.push(db);
      const d = deps({ ...o, db });
      const sender = await startSmsSender({ db, twilio: d.twilio, connectionString: t.url, log: logger, owner: d.owner, options: d.options, idleMs: o.idleMs ?? 100 });
      senders.push(sender);
      return sender;
    },
    sentAtTwilio: () => sim.state().messages.filter((m) => m.direction === "outbound-api"),
    async row(interactionId) {
      const d = await t.db.smsDetail.findUniqueOrThrow({ where: { interactionId } });
      const o = await t.db.smsOutbox.findUniqueOrThrow({ where: { interactionId } });
      return { status: d.deliveryStatus, error: d.deliveryError, sid: d.vendorMessageId, state: o.state, attempts: o.attempts, firstAttemptAt: o.firstAttemptAt };
    },
    async processCallbacks() {
      const rules = loadSkipRules(undefined);
      while ((await processPendingBatch(t.db, 100, { rules })).processed > 0);
    },
    async close() {
      for (const s of senders) await s.stop();
      for (const p of pools) await p.$disconnect();
      await sim.stop();
      await new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
      await t.drop();
    },
  };
}

/** POST /sms-status → the real webhook handler (signature checked against the Host, as behind no proxy). */
async function statusWebhook(db: Db, authToken: string): Promise<{ server: Server; url: string }> {
  delete process.env.PUBLIC_BASE_URL;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
      const request = new Request(`http://${req.headers.host}${req.url}`, { method: "POST", headers, body: Buffer.concat(chunks) });
      handleWebhook(request, twilioSmsStatusCallback as Connector<unknown>, authToken, db).then(
        async (out) => res.writeHead(out.status, { "content-type": out.headers.get("content-type") ?? "text/plain" }).end(await out.text()),
        () => res.writeHead(500).end(),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/sms-status` };
}
