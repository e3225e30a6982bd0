import type { Db } from "@/lib/db/client";
import { addMonths, BUCKETS, CHANNELS, type Channel, type FunnelParams } from "./funnel-params";

/** One cohort month and one series (a channel, or "all" for every channel together). */
export type FunnelCell = { cohort: string; series: Channel | "all"; people: number; median: number; buckets: number[] };
export type Funnel = { params: FunnelParams; cohorts: string[]; cells: FunnelCell[] };

type Row = { cohort: string; series: string; people: bigint; median: number; buckets: number[] };

const bucketSql = BUCKETS.map((b) => (b.max === null ? `count(*) FILTER (WHERE n >= ${b.min})` : `count(*) FILTER (WHERE n BETWEEN ${b.min} AND ${b.max})`)).join(", ");

/**
 * Touchpoints between two milestones. A person is in the cohort of the month (UTC) of their
 * earliest `from` in the window, if they reached `to` at or after it; their touchpoints are the
 * interactions on their timeline from the one milestone to the other, inclusive, counted per
 * channel (every channel, so a channel they never used counts 0). Per cohort and channel: people,
 * the median count and the distribution over BUCKETS.
 *
 * The plan walks the `from` milestones of the window by (kind, occurred_at), finds each
 * person's `to` by (person_id, kind) and counts their interactions by (person_id, occurred_at):
 * index ranges only, never a scan of all interactions.
 */
export async function funnel(db: Db, params: FunnelParams): Promise<Funnel> {
  const since = new Date(`${params.since}-01T00:00:00Z`);
  const until = new Date(`${addMonths(params.until, 1)}-01T00:00:00Z`);
  const rows = await db.$queryRawUnsafe<Row[]>(
    `WITH f AS (
       SELECT person_id, min(occurred_at) AS f
         FROM person_milestones
        WHERE kind = $1::"MilestoneKind" AND occurred_at >= $3 AND occurred_at < $4
        GROUP BY person_id
     ), p AS (
       SELECT f.person_id, f.f, t.t, to_char(f.f AT TIME ZONE 'UTC', 'YYYY-MM') AS cohort
         FROM f
         CROSS JOIN LATERAL (
           SELECT min(m.occurred_at) AS t FROM person_milestones m
            WHERE m.person_id = f.person_id AND m.kind = $2::"MilestoneKind" AND m.occurred_at >= f.f
         ) t
        WHERE t.t IS NOT NULL
     ), counts AS (
       SELECT p.person_id, p.cohort,
              count(i.id) FILTER (WHERE i.channel = 'call') AS call,
              count(i.id) FILTER (WHERE i.channel = 'sms') AS sms,
              count(i.id) FILTER (WHERE i.channel = 'email') AS email,
              count(i.id) FILTER (WHERE i.channel = 'in_app') AS in_app,
              count(i.id) AS all_
         FROM p
         LEFT JOIN interaction_events i ON i.person_id = p.person_id AND i.occurred_at >= p.f AND i.occurred_at <= p.t
        GROUP BY p.person_id, p.cohort
     ), per AS (
       SELECT c.cohort, s.series, s.n
         FROM counts c
         CROSS JOIN LATERAL (VALUES ('call', c.call), ('sms', c.sms), ('email', c.email), ('in_app', c.in_app), ('all', c.all_)) AS s(series, n)
     )
     SELECT cohort, series, count(*) AS people,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY n)::float8 AS median,
            ARRAY[${bucketSql}]::int[] AS buckets
       FROM per
      GROUP BY cohort, series
      ORDER BY cohort, series`,
    params.from,
    params.to,
    since,
    until,
  );
  const cohorts: string[] = [];
  for (let m = params.since; m <= params.until; m = addMonths(m, 1)) cohorts.push(m);
  const found = new Map(rows.map((r) => [`${r.cohort}|${r.series}`, r]));
  // every month of the window and every series, so an empty month is drawn as empty, not skipped
  const cells = cohorts.flatMap((cohort) =>
    [...CHANNELS, "all" as const].map((series): FunnelCell => {
      const r = found.get(`${cohort}|${series}`);
      return r ? { cohort, series, people: Number(r.people), median: r.median, buckets: r.buckets } : { cohort, series, people: 0, median: 0, buckets: BUCKETS.map(() => 0) };
    }),
  );
  return { params, cohorts, cells };
}
