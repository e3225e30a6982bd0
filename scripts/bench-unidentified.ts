import { createDb } from "@/lib/db/client";
import { migrate } from "@/lib/db/migrate";
import { listUnidentifiedContacts } from "@/lib/interactions/unidentified";
import { dropDatabase, ensureDatabase, provideServer } from "./lib/database";

/**
 * `npm run bench:unidentified`: the Unidentified Contacts queue with CONTACTS
 * waiting contacts (EVENTS_EACH events each, among as many handled events):
 * median time of the first page, a deep page, and the count. Last line JSON.
 */
const CONTACTS = Number(process.env.CONTACTS ?? 5_000);
const EACH = Number(process.env.EVENTS_EACH ?? 4);
const REPEATS = 15;

const server = await provideServer("pg-test", Number(process.env.EMBEDDED_PG_TEST_PORT ?? 54330), console.error);
const name = `sb_bench_unidentified_${process.pid}`;
const url = await ensureDatabase(server.serverUrl, name);
const db = createDb(url, { max: 2 });
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
try {
  await migrate(url);
  // Waiting events plus as many already handled, so the partial index has to earn its keep.
  await db.$executeRawUnsafe(`
    INSERT INTO incoming_events (vendor, vendor_event_id, event_type, payload, received_at, status, contact_kind, contact_value)
    SELECT 'twilio', 'SM' || g, 'sms.received',
           jsonb_build_object('MessageSid', 'SM' || g, 'AccountSid', 'AC00000000000000000000000000000000', 'From', '+6149' || lpad((g % ${CONTACTS})::text, 7, '0'), 'To', '+61280000000', 'Body', 'message ' || g),
           now() - (g || ' seconds')::interval,
           CASE WHEN g <= ${CONTACTS * EACH} THEN 'unmatchable_person'::"IncomingEventStatus" ELSE 'success'::"IncomingEventStatus" END,
           'phone', '+6149' || lpad((g % ${CONTACTS})::text, 7, '0')
      FROM generate_series(1, ${CONTACTS * EACH * 2}) g`);
  await db.$executeRawUnsafe("ANALYZE incoming_events");
  const time = async (offset: number) => {
    const ms: number[] = [];
    for (let i = 0; i < REPEATS; i++) {
      const t = performance.now();
      const page = await listUnidentifiedContacts(db, { limit: 25, offset });
      ms.push(performance.now() - t);
      if (page.contacts.length !== 25) throw new Error(`page at ${offset} had ${page.contacts.length} contacts`);
    }
    return Math.round(median(ms) * 10) / 10;
  };
  const first = await time(0);
  const deep = await time(CONTACTS - 50);
  const total = (await listUnidentifiedContacts(db, { limit: 1 })).total;
  console.error(`first page ${first} ms, page at offset ${CONTACTS - 50} ${deep} ms (medians of ${REPEATS}); ${total} contacts waiting`);
  console.log(JSON.stringify({ contacts: total, events_waiting: CONTACTS * EACH, first_page_ms: first, deep_page_ms: deep }));
} finally {
  await db.$disconnect();
  await dropDatabase(server.serverUrl, name);
  await server.embedded?.stop();
}
