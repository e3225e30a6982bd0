import { createDb } from "@/lib/db/client";
import { migrate } from "@/lib/db/migrate";
import { createIdentityPool } from "@/lib/identity/db/sql";
import { listPossibleMatches } from "@/lib/identity/db/review-queue";
import { searchPeople } from "@/lib/people/search-people";
import { personChannelSignals } from "@/lib/analytics/channel-signals";
import { getTimeline } from "@/lib/people/timeline";
import { dropDatabase, ensureDatabase, provideServer } from "./lib/database";

/**
 * `npm run bench:people`: the people half of issue 11 at scale. Seeds PEOPLE persons (an
 * email and a phone each, as contact points), INTERACTIONS interactions spread over them
 * with one person holding HEAVY of them, and REVIEW pending possible matches, then times
 * the functions the routes call: searchPeople (names by prefix and by similarity, emails,
 * phones typed with spaces, mixed), getTimeline (first pages of random persons, and page 50
 * of the heavy person, keyset), personChannelSignals (the person page's channel signals, of
 * the same persons), listPossibleMatches (the first page). p95 over the samples
 * (the review page: a median). Last line JSON.
 */
const PEOPLE = Number(process.env.PEOPLE ?? 1_000_000);
const INTERACTIONS = Number(process.env.INTERACTIONS ?? 10_000_000);
const HEAVY = Number(process.env.HEAVY ?? 10_000);
const REVIEW = Number(process.env.REVIEW ?? 5_000);
const PAGE = 30;

const log = (s: string) => console.error(s);
const server = await provideServer("pg-test", Number(process.env.EMBEDDED_PG_TEST_PORT ?? 54330), log);
// BENCH_DB: a database this command seeded before (kept, not seeded again, not dropped)
const reuse = process.env.BENCH_DB;
const name = reuse ?? `sb_bench_people_${process.pid}`;
const url = await ensureDatabase(server.serverUrl, name);
const db = createDb(url, { max: 2 });
const pool = createIdentityPool(url, 1);
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]! * 10) / 10;
};
const timed = async <T>(fn: () => Promise<T>): Promise<[number, T]> => {
  const t = performance.now();
  const r = await fn();
  return [performance.now() - t, r];
};
// seeding runs on the pg pool: no statement timeout (the app's client has one)
const step = async (what: string, sql: string) => {
  const [ms] = await timed(() => pool.query(sql));
  log(`seed: ${what} ${(ms / 1000).toFixed(1)} s`);
};
/**
 * A bulk load with the tables' secondary indexes dropped, then rebuilt from their own
 * definitions (pg_indexes): the same indexes the migrations made, built once instead of
 * maintained row by row.
 */
const withoutIndexes = async (tables: string[], load: () => Promise<void>) => {
  const defs = await pool.query<{ name: string; def: string }>(
    `SELECT i.indexname AS name, i.indexdef AS def FROM pg_indexes i
      WHERE i.schemaname = 'public' AND i.tablename = ANY($1)
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`,
    [tables],
  );
  for (const d of defs.rows) await pool.query(`DROP INDEX "${d.name}"`);
  await load();
  const [ms] = await timed(async () => {
    for (const d of defs.rows) await pool.query(d.def);
  });
  log(`seed: ${defs.rows.length} indexes rebuilt ${(ms / 1000).toFixed(1)} s`);
};

const FIRST = ["James", "Olivia", "Jack", "Charlotte", "Noah", "Amelia", "William", "Isla", "Thomas", "Mia", "Henry", "Ava", "Oliver", "Grace", "Lucas", "Chloe", "Leo", "Zoe", "Ethan", "Ruby", "Samuel", "Sophie", "Liam", "Emily", "Archie", "Harper", "Max", "Ella", "Alexander", "Matilda", "Oscar", "Lily", "Hugo", "Evie", "Charlie", "Sienna", "Harrison", "Willow", "Lachlan", "Ivy"];
const SYL_A = ["Smi", "Jon", "Wil", "Bro", "Tay", "Ngu", "Mar", "Kel", "Wal", "Rob", "Tho", "Whi", "And", "Har", "Mit", "Cam", "Mur", "Chen", "Lee", "Pat", "Rya", "Ste", "Gra", "Hug", "Ken", "Ros", "Fra", "Ben", "Dav", "Mor"];
const SYL_B = ["th", "son", "es", "wn", "lor", "yen", "tin", "ly", "ker", "erts", "mas", "te", "ers", "ris", "chell", "pbell", "phy", "g", "ton", "rick", "an", "wart", "ham", "hes", "nedy", "s", "ser", "nett", "ies", "gan"];
const arr = (xs: string[]) => `ARRAY[${xs.map((x) => `'${x}'`).join(",")}]`;
// deterministic person ids and names from the row number, so interactions can point at them
const pid = (g: string) => `md5('p' || ${g})::uuid`;
const firstOf = (g: string) => `(${arr(FIRST)})[1 + (${g} * 7) % ${FIRST.length}]`;
const lastOf = (g: string) => `(${arr(SYL_A)})[1 + (${g} / 7) % ${SYL_A.length}] || (${arr(SYL_B)})[1 + (${g} / 211) % ${SYL_B.length}]`;
const phoneOf = (g: string) => `'+614' || lpad((${g})::text, 8, '0')`;

try {
  await migrate(url);
  const seeded = (await pool.query("SELECT 1 FROM persons LIMIT 1")).rowCount! > 0;
  if (seeded) log(`reusing ${name}`);
  else await seed();
  await runBench();
} finally {
  await db.$disconnect();
  await pool.end();
  if (!reuse) await dropDatabase(server.serverUrl, name);
  await server.embedded?.stop();
}

async function seed() {
  await pool.query("SET maintenance_work_mem = '256MB'");
  // the load is consistent by construction: no per-row foreign-key triggers (pool of one for the load)
  await pool.query("SET session_replication_role = replica");
  // Interactions first, then each person with their last contact already known: an UPDATE of
  // every person afterwards leaves broken HOT chains, and the indexes rebuilt over them are
  // marked indcheckxmin: no planner may use them while any transaction older than the rebuild
  // is open anywhere on the server (a neighbour's long load), and every name search is a scan.
  await withoutIndexes(["persons", "contact_points", "interaction_events", "sms_details"], async () => {
  // the trigger keeping last_contact_at is for live writes; a bulk load sets it as it inserts the persons
  await db.$executeRawUnsafe("ALTER TABLE interaction_events DISABLE TRIGGER interaction_events_last_contact");
  const spread = INTERACTIONS - HEAVY;
  await step(`${INTERACTIONS} interactions (${HEAVY} on one person)`, `
    INSERT INTO interaction_events (person_id, channel, direction, occurred_at, summary)
    SELECT CASE WHEN g <= ${HEAVY} THEN ${pid("1")} ELSE ${pid(`2 + (g * 48271) % ${Math.max(PEOPLE - 1, 1)}`)} END,
           (ARRAY['call','sms','email','in_app']::"Channel"[])[1 + g % 4], (ARRAY['inbound','outbound']::"Direction"[])[1 + (g / 4) % 2],
           now() - ((g * 7919) % 63072000) * interval '1 second', 'interaction ' || g
      FROM generate_series(1::bigint, ${HEAVY + spread}) g`);
  await db.$executeRawUnsafe("ALTER TABLE interaction_events ENABLE TRIGGER interaction_events_last_contact");
  await step("sms bodies of the heavy person", `
    INSERT INTO sms_details (interaction_id, body) SELECT id, 'message ' || summary FROM interaction_events WHERE person_id = ${pid("1")} AND channel = 'sms'`);
  await step(`${PEOPLE} persons (with their last contact)`, `
    INSERT INTO persons (id, first_name, last_name, email, phone, origin, last_contact_at)
    SELECT ${pid("g")}, ${firstOf("g")}, ${lastOf("g")}, lower(${firstOf("g")}) || '.' || lower(${lastOf("g")}) || g || '@example.com', ${phoneOf("g")}, 'identity', m.at
      FROM generate_series(1::bigint, ${PEOPLE}) g
      LEFT JOIN (SELECT person_id, max(occurred_at) AS at FROM interaction_events GROUP BY person_id) m ON m.person_id = ${pid("g")}`);
  await step(`${PEOPLE * 2} contact points`, `
    INSERT INTO contact_points (kind, value, person_id, valid_from, first_seen_at, last_seen_at, origin)
    SELECT k.kind, CASE WHEN k.kind = 'email' THEN p.email ELSE p.phone END, p.id, now() - interval '2 years', now() - interval '2 years', now(), 'identity'
      FROM persons p CROSS JOIN (VALUES ('email'::"ContactKind"), ('phone'::"ContactKind")) k(kind)`);
  });
  const unusable = await pool.query<{ index: string }>(
    `SELECT c.relname AS index FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
      WHERE i.indcheckxmin AND i.indrelid = ANY (ARRAY['persons', 'contact_points', 'interaction_events']::regclass[])`,
  );
  if (unusable.rows.length) log(`seed: indexes waiting on older transactions (indcheckxmin): ${unusable.rows.map((r) => r.index).join(", ")}`);
  await step(`${REVIEW * 2} source records, ${REVIEW} possible matches`, `
    WITH r AS (
      INSERT INTO source_records (id, source, external_id, raw, first_name, last_name, email, phone, person_id, evidence_version)
      SELECT md5('r' || g)::uuid, 'order', 'o' || g, '{}', ${firstOf("g")}, ${lastOf("g")}, 'r' || g || '@example.com', ${phoneOf("g")}, ${pid("g")}, 'v1'
        FROM generate_series(1::bigint, ${REVIEW * 2}) g RETURNING 1)
    INSERT INTO possible_matches (record_a, record_b, evidence_a, evidence_b, probability, evidence)
    SELECT least(md5('r' || (2 * g))::uuid, md5('r' || (2 * g - 1))::uuid), greatest(md5('r' || (2 * g))::uuid, md5('r' || (2 * g - 1))::uuid), 'v1', 'v1',
           0.5 + (g % 490) / 1000.0, '{"a":"x","b":"y","fields":[{"field":"last_name","level":"exact","weight":6}],"total":1,"probability":0.7}'
      FROM generate_series(1::bigint, ${REVIEW}) g, (SELECT count(*) FROM r) c`);
  await pool.query("SET session_replication_role = DEFAULT");
  await step("analyze", "ANALYZE");
}

async function runBench() {
  // searches: names by prefix, full names, a typo, emails and phones typed as people type them
  const region = { region: "AU" };
  const sampleG = (i: number) => 1 + ((i * 104_729) % PEOPLE);
  const queries: string[] = [];
  for (let i = 0; i < 30; i++) {
    const g = sampleG(i);
    const row = (await db.$queryRawUnsafe<{ first_name: string; last_name: string; email: string; phone: string }[]>(`SELECT first_name, last_name, email, phone FROM persons WHERE id = ${pid(String(g))}`))[0]!;
    const local = `0${row.phone.slice(3)}`;
    queries.push(
      [row.last_name.slice(0, 3), `${row.first_name} ${row.last_name}`, `${row.first_name.toLowerCase()} ${row.last_name.slice(0, -1)}x`][i % 3]!,
      row.email.toUpperCase(),
      `${local.slice(0, 4)} ${local.slice(4, 7)} ${local.slice(7)}`,
    );
  }
  for (const q of queries.slice(0, 6)) await searchPeople(db, { q }, region); // warm-up
  const searchMs: number[] = [];
  const slowest: [number, string][] = [];
  let found = 0;
  for (const q of queries) {
    const [ms, page] = await timed(() => searchPeople(db, { q }, region));
    searchMs.push(ms);
    slowest.push([Math.round(ms), q]);
    if (page.people.length > 0) found++;
  }
  log(`search: slowest ${JSON.stringify(slowest.sort((a, b) => b[0] - a[0]).slice(0, 6))}`);
  log(`search: ${queries.length} queries, ${found} found something; p50 ${pct(searchMs, 50)} ms, p95 ${pct(searchMs, 95)} ms`);

  const firstMs: number[] = [];
  const signalsMs: number[] = [];
  const heavySignalsMs: number[] = [];
  for (let i = 0; i < 60; i++) {
    const person = i % 10 === 0 ? "1" : String(2 + ((i * 7_919) % (PEOPLE - 1)));
    const id = (await db.$queryRawUnsafe<{ id: string }[]>(`SELECT ${pid(person)}::text AS id`))[0]!.id;
    const [ms] = await timed(() => getTimeline(db, id, { limit: PAGE }));
    if (i >= 5) firstMs.push(ms);
    // the person page's channel signals (every outbound of theirs and its answer)
    const [sms] = await timed(() => personChannelSignals(db, id));
    if (i >= 5) (person === "1" ? heavySignalsMs : signalsMs).push(sms);
  }
  log(`person channel signals: p50 ${pct(signalsMs, 50)} ms p95 ${pct(signalsMs, 95)} ms; the ${HEAVY}-interaction person p50 ${pct(heavySignalsMs, 50)} ms`);
  const heavy = (await db.$queryRawUnsafe<{ id: string }[]>(`SELECT ${pid("1")}::text AS id`))[0]!.id;
  let cursor: string | undefined;
  for (let p = 1; p < 50; p++) cursor = (await getTimeline(db, heavy, { limit: PAGE, cursor })).nextCursor ?? undefined;
  if (!cursor) throw new Error("the heavy person has fewer than 50 pages");
  const deepMs: number[] = [];
  for (let i = 0; i < 25; i++) {
    const [ms, page] = await timed(() => getTimeline(db, heavy, { limit: PAGE, cursor }));
    if (page.items.length !== PAGE) throw new Error(`page 50 had ${page.items.length} items`);
    deepMs.push(ms);
  }
  log(`timeline: first page p50 ${pct(firstMs, 50)} ms p95 ${pct(firstMs, 95)} ms; page 50 of the ${HEAVY}-interaction person p50 ${pct(deepMs, 50)} ms p95 ${pct(deepMs, 95)} ms (${PAGE} a page)`);

  const reviewMs: number[] = [];
  for (let i = 0; i < 15; i++) {
    const [ms, page] = await timed(() => listPossibleMatches(pool, { limit: 25 }));
    if (page.matches.length !== 25) throw new Error(`review page had ${page.matches.length}`);
    reviewMs.push(ms);
  }
  log(`review queue: first page median ${pct(reviewMs, 50)} ms of ${REVIEW} pending`);
  console.log(
    JSON.stringify({
      people: PEOPLE,
      interactions: INTERACTIONS,
      heavy_person_interactions: HEAVY,
      possible_matches: REVIEW,
      search_p95_ms: pct(searchMs, 95),
      timeline_first_page_p95_ms: pct(firstMs, 95),
      timeline_deep_page_p95_ms: pct(deepMs, 95),
      review_queue_page_ms: pct(reviewMs, 50),
      person_signals_p95_ms: pct(signalsMs, 95),
      heavy_person_signals_ms: pct(heavySignalsMs, 50),
    }),
  );
}
