import type { Db } from "@/lib/db/client";
import { addMonths, BUCKETS, CHANNELS, type Channel, type FunnelParams } from "./funnel-params";

/** One cohort month and one series (a channel, or "all" for every channel together). */
export type FunnelCell = { cohort: string; series: Channel | "all"; people: number; median: number; buckets: number[] };
export type Funnel = { params: FunnelParams; cohorts: string[]; cells: FunnelCell[] };

type Row = { cohort: string; people: bigint } & Record<string, number | number[] | string | bigint>;

const SERIES = ["call", "sms", "email", "in_app", "all_"] as const;
const bucketSql = (n: string) => BUCKETS.map((b) => (b.max === null ? `count(*) FILTER (WHERE ${n} >= ${b.min})` : `count(*) FILTER (WHERE ${n} BETWEEN ${b.min} AND ${b.max})`)).join(", ");

/**
 * Touchpoints between two milestones. A person is in the cohort of the month (UTC) of their
 * earliest `from` in the window, if they reached `to` at or after it; their touchpoints are the
 * interactions on their timeline after the one milestone, up to and including the other, per
 * channel (every channel, so a channel they never used counts 0). Per cohort and channel:
 * people, the median count and the distribution over BUCKETS.
 *
 * No interaction is read: each milestone carries its person's running count per channel
 * (migration 0111, kept by triggers), so a person's touchpoints are `to` minus `from`. The plan
 * reads the window's `from` milestones by (kind, occurred_at) and their `to` by (person_id, kind).
 */
export async function funnel(db: Db, params: FunnelParams): Promise<Funnel> {
  const since = new Date(`${params.since}-01T00:00:00Z`);
  const until = new Date(`${addMonths(params.until, 1)}-01T00:00:00Z`);
  // one statement with room to sort in memory (the default work_mem spills 100k rows to disk)
  const [, rows] = await db.$transaction([
    db.$executeRawUnsafe("SET LOCAL work_mem = '64MB'"),
    db.$queryRawUnsafe<Row[]>(
    `WITH f AS (
       SELECT DISTINCT ON (person_id) person_id, occurred_at, touches_call, touches_sms, touches_email, touches_in_app
         FROM person_milestones
        WHERE kind = $1::"MilestoneKind" AND occurred_at >= $3 AND occurred_at < $4
        ORDER BY person_id, occurred_at
     ), t AS (
       SELECT DISTINCT ON (m.person_id) m.person_id, m.touches_call, m.touches_sms, m.touches_email, m.touches_in_app
         FROM person_milestones m JOIN f ON f.person_id = m.person_id AND m.occurred_at >= f.occurred_at
        WHERE m.kind = $2::"MilestoneKind" AND m.occurred_at >= $3
        ORDER BY m.person_id, m.occurred_at
     ), per AS (
       SELECT to_char(f.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM') AS cohort,
              t.touches_call - f.touches_call AS call, t.touches_sms - f.touches_sms AS sms,
              t.touches_email - f.touches_email AS email, t.touches_in_app - f.touches_in_app AS in_app
         FROM f JOIN t USING (person_id)
     ), n AS (
       SELECT cohort, call, sms, email, in_app, call + sms + email + in_app AS all_ FROM per
     )
     SELECT cohort, count(*) AS people, ${SERIES.map((c) => `percentile_cont(0.5) WITHIN GROUP (ORDER BY ${c})::float8 AS median_${c}, ARRAY[${bucketSql(c)}]::int[] AS buckets_${c}`).join(", ")}
       FROM n
      GROUP BY cohort
      ORDER BY cohort`,
      params.from,
      params.to,
      since,
      until,
    ),
  ]);
  const cohorts: string[] = [];
  for (let m = params.since; m <= params.until; m = addMonths(m, 1)) cohorts.push(m);
  const found = new Map(rows.map((r) => [r.cohort, r]));
  // every month of the window and every series, so an empty month is drawn as empty, not skipped
  const cells = cohorts.flatMap((cohort) =>
    [...CHANNELS, "all" as const].map((series): FunnelCell => {
      const r = found.get(cohort);
      const col = series === "all" ? "all_" : series;
      return r ? { cohort, series, people: Number(r.people), median: r[`median_${col}`] as number, buckets: r[`buckets_${col}`] as number[] } : { cohort, series, people: 0, median: 0, buckets: BUCKETS.map(() => 0) };
    }),
  );
  return { params, cohorts, cells };
}
