import { createDb } from "@/lib/db/client";
import { migrate } from "@/lib/db/migrate";
import { funnel } from "@/lib/analytics/funnel";
import { addMonths, funnelParamsSchema } from "@/lib/analytics/funnel-params";
import { channelSignalsOverview } from "@/lib/analytics/channel-signals";
import { readSignalsOverview, refreshSignalsRollup } from "@/lib/analytics/signals-rollup";
import { dropDatabase, ensureDatabase, provideServer } from "./lib/database";

/**
 * `npm run bench:analytics`: the funnel (lib/analytics/funnel.ts, what /analytics and
 * /api/analytics/funnel call) over PEOPLE people (default 1M) and INTERACTIONS interactions
 * (default 10M). Each person has a first contact in the last three years; 60% a first reply
 * up to 3 days later; half of those an application 1-60 days after that; interactions fall from
 * 30 days before first contact to 120 days after. Medians of REPEATS runs of the default
 * funnel (first reply → application, last 12 months), of a 36-month one, and of the 90-day
 * channel signals over everyone (computed, as the worker's rollup job does; and read from the
 * rollup, as the page does). Last line JSON.
 */
const PEOPLE = Number(process.env.PEOPLE ?? 1_000_000);
const INTERACTIONS = Number(process.env.INTERACTIONS ?? 10_000_000);
const REPEATS = Number(process.env.REPEATS ?? 5);

const server = await provideServer("pg-bench-analytics", Number(process.env.EMBEDDED_PG_TEST_PORT ?? 54330), console.error);
// BENCH_DB: a database this command seeded before (kept, not seeded again, not dropped)
const reuse = process.env.BENCH_DB;
const name = reuse ?? `sb_bench_analytics_${process.pid}`;
const url = await ensureDatabase(server.serverUrl, name);
const db = createDb(url, { max: 1 });
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const step = async (what: string, sql: string) => {
  const t = performance.now();
  await db.$executeRawUnsafe(sql);
  console.error(`${what}: ${Math.round(performance.now() - t)} ms`);
};
try {
  await migrate(url);
  await db.$executeRawUnsafe("SET statement_timeout = 0");
  const seeded = Number((await db.$queryRawUnsafe<{ n: bigint }[]>("SELECT count(*) AS n FROM persons"))[0]!.n) > 0;
  if (!seeded) await seed();
  else console.error(`reusing ${name}`);
  if (!seeded) await step("analyze", "ANALYZE");
  const counts = (await db.$queryRawUnsafe<{ people: bigint; milestones: bigint; interactions: bigint }[]>(
    "SELECT (SELECT count(*) FROM persons) AS people, (SELECT count(*) FROM person_milestones) AS milestones, (SELECT count(*) FROM interaction_events) AS interactions",
  ))[0]!;
  const schema = funnelParamsSchema(new Date());
  const time = async (input: Record<string, string>) => {
    const params = schema.parse(input);
    const ms: number[] = [];
    let people = 0;
    for (let i = 0; i < REPEATS; i++) {
      const t = performance.now();
      const f = await funnel(db, params);
      ms.push(performance.now() - t);
      people = f.cells.filter((c) => c.series === "all").reduce((n, c) => n + c.people, 0);
    }
    console.error(`${JSON.stringify(input)}: ${people} people in cohorts; runs ${ms.map((m) => Math.round(m)).join(", ")} ms`);
    return { ms: Math.round(median(ms)), people };
  };
  const def = await time({});
  const wide = await time({ since: addMonths(schema.parse({}).until, -35) });
  // the analytics page also draws the 90-day channel signals over everyone
  const signalsMs: number[] = [];
  for (let i = 0; i < REPEATS; i++) {
    const t = performance.now();
    await channelSignalsOverview(db, 90);
    signalsMs.push(performance.now() - t);
  }
  console.error(`signals overview (90 days): runs ${signalsMs.map((m) => Math.round(m)).join(", ")} ms`);
  // what the page reads instead: the worker's rollup (computed once here, as the worker's job does)
  let t = performance.now();
  await refreshSignalsRollup(db, 90);
  const refreshMs = performance.now() - t;
  const readMs: number[] = [];
  for (let i = 0; i < REPEATS; i++) {
    t = performance.now();
    const o = await readSignalsOverview(db, 90);
    readMs.push(performance.now() - t);
    if (o.channels.length === 0) throw new Error("the rollup is empty");
  }
  console.error(`signals rollup: refresh ${Math.round(refreshMs)} ms; page reads ${readMs.map((m) => m.toFixed(1)).join(", ")} ms`);
  console.log(
    JSON.stringify({
      people: Number(counts.people),
      interactions: Number(counts.interactions),
      milestones: Number(counts.milestones),
      funnel_query_ms: def.ms,
      funnel_people: def.people,
      funnel_36_months_ms: wide.ms,
      funnel_36_months_people: wide.people,
      signals_overview_90d_ms: Math.round(median(signalsMs)),
      signals_rollup_refresh_ms: Math.round(refreshMs),
      signals_page_read_ms: Math.round(median(readMs) * 10) / 10,
    }),
  );
} finally {
  await db.$disconnect();
  if (!reuse) await dropDatabase(server.serverUrl, name);
  await server.embedded?.stop();
}

async function seed() {
  await db.$executeRawUnsafe("SELECT setseed(0.42)");
  await step("people", `INSERT INTO persons (first_name, last_name, origin) SELECT 'P' || g, 'L' || (g % 5000), 'bench' FROM generate_series(1, ${PEOPLE}) g`);
  await step(
    "journeys",
    `CREATE UNLOGGED TABLE bench_journeys AS
       SELECT row_number() OVER () AS n, id AS person_id, fc, fc + random() * interval '3 days' AS fr, random() < 0.6 AS replied, random() < 0.5 AS applied
         FROM (SELECT id, now() - random() * interval '1095 days' AS fc FROM persons) p`,
  );
  // before the milestones exist, the interaction trigger (migration 0111) has nothing to update:
  // it is switched off for the bulk load, and each milestone counts its person's interactions
  // as it is stored, as in production
  await db.$executeRawUnsafe("SET session_replication_role = replica");
  await step(
    "interactions",
    `INSERT INTO interaction_events (person_id, channel, direction, occurred_at, summary)
       SELECT j.person_id,
              (ARRAY['call','sms','email','in_app']::"Channel"[])[1 + (g % 7 % 4)],
              CASE WHEN g % 2 = 0 THEN 'outbound'::"Direction" ELSE 'inbound'::"Direction" END,
              j.fc + (random() * 150 - 30) * interval '1 day', 'bench'
         FROM generate_series(1, ${INTERACTIONS}) g
         JOIN bench_journeys j ON j.n = 1 + (g * 7919::bigint) % ${PEOPLE}`,
  );
  await db.$executeRawUnsafe("SET session_replication_role = DEFAULT");
  await step(
    "milestones",
    `INSERT INTO person_milestones (external_id, person_id, kind, occurred_at, source)
       SELECT n || ':fc', person_id, 'first_contact'::"MilestoneKind", fc, 'bench' FROM bench_journeys
       UNION ALL SELECT n || ':fr', person_id, 'first_reply'::"MilestoneKind", fr, 'bench' FROM bench_journeys WHERE replied
       UNION ALL SELECT n || ':app', person_id, 'application_submitted'::"MilestoneKind", fr + (1 + random() * 59) * interval '1 day', 'bench' FROM bench_journeys WHERE replied AND applied`,
  );
}
