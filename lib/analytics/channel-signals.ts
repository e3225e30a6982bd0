import type { Db } from "@/lib/db/client";
import { CHANNELS, type Channel } from "./funnel-params";

/**
 * How a person answers us. Every message or call we send (outbound) counts as answered when
 * the person gets back to us (any inbound interaction, on any channel) within REPLY_WINDOW; the
 * response time is the gap to that first inbound. Per channel we sent on: the share answered and
 * the median response time. The channel they answer on is the one most of their answers came
 * on (ties: the one they answered on last).
 */
export const REPLY_WINDOW_DAYS = 7;

export type ChannelSignal = { channel: Channel; sent: number; replied: number; replyRate: number; medianResponseS: number | null };
export type ChannelSignals = { channels: ChannelSignal[]; answersOn: Channel | null };

/** One outbound and its answer, if any. */
export type SentRow = { channel: Channel; reply_channel: Channel | null; reply_at: Date | null; secs: number | null };

function median(xs: number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length / 2;
  return s.length % 2 ? s[Math.floor(m)]! : (s[m - 1]! + s[m]!) / 2;
}

export function summariseSignals(rows: SentRow[]): ChannelSignals {
  const channels = CHANNELS.flatMap((channel): ChannelSignal[] => {
    const sent = rows.filter((r) => r.channel === channel);
    if (sent.length === 0) return [];
    const secs = sent.flatMap((r) => (r.secs === null ? [] : [r.secs]));
    return [{ channel, sent: sent.length, replied: secs.length, replyRate: secs.length / sent.length, medianResponseS: median(secs) }];
  });
  const answers = new Map<Channel, { n: number; last: number }>();
  for (const r of rows) {
    if (!r.reply_channel || !r.reply_at) continue;
    const a = answers.get(r.reply_channel) ?? { n: 0, last: 0 };
    answers.set(r.reply_channel, { n: a.n + 1, last: Math.max(a.last, r.reply_at.getTime()) });
  }
  const best = [...answers.entries()].sort(([, a], [, b]) => b.n - a.n || b.last - a.last)[0];
  return { channels, answersOn: best?.[0] ?? null };
}

const answered = (where: string) => `
  SELECT o.person_id, o.channel::text AS channel, r.channel::text AS reply_channel, r.occurred_at AS reply_at,
         extract(epoch FROM r.occurred_at - o.occurred_at)::float8 AS secs
    FROM interaction_events o
    LEFT JOIN LATERAL (
      SELECT i.channel, i.occurred_at FROM interaction_events i
       WHERE i.person_id = o.person_id AND i.direction = 'inbound'
         AND i.occurred_at > o.occurred_at AND i.occurred_at <= o.occurred_at + interval '${REPLY_WINDOW_DAYS} days'
       ORDER BY i.occurred_at LIMIT 1
    ) r ON true
   WHERE o.direction = 'outbound' AND ${where}`;

export async function personChannelSignals(db: Db, personId: string): Promise<ChannelSignals> {
  const rows = await db.$queryRawUnsafe<SentRow[]>(answered("o.person_id = $1::uuid"), personId);
  return summariseSignals(rows);
}

export type SignalsOverview = { days: number; channels: ChannelSignal[]; answersOn: { channel: Channel; people: number }[] };

/** The same figures over everyone we contacted in the last `days` days, and how many people answer on each channel. */
export async function channelSignalsOverview(db: Db, days = 90, now = new Date()): Promise<SignalsOverview> {
  const since = new Date(now.getTime() - days * 86_400_000);
  const rows = await db.$queryRawUnsafe<{ kind: string; channel: Channel; sent: bigint; replied: bigint; median: number | null }[]>(
    `WITH x AS (${answered("o.occurred_at >= $1 AND o.occurred_at < $2 AND o.person_id IS NOT NULL")}),
     per AS (
       SELECT person_id, reply_channel, count(*) AS n, max(reply_at) AS last FROM x WHERE reply_channel IS NOT NULL GROUP BY 1, 2
     ), best AS (
       SELECT DISTINCT ON (person_id) person_id, reply_channel FROM per ORDER BY person_id, n DESC, last DESC
     )
     SELECT 'sent' AS kind, channel, count(*) AS sent, count(secs) AS replied,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY secs)::float8 AS median
       FROM x GROUP BY channel
     UNION ALL
     SELECT 'answers_on', reply_channel, count(*), 0, NULL FROM best GROUP BY reply_channel`,
    since,
    now,
  );
  const order = (c: Channel) => CHANNELS.indexOf(c);
  const channels = rows
    .filter((r) => r.kind === "sent")
    .map((r) => ({ channel: r.channel, sent: Number(r.sent), replied: Number(r.replied), replyRate: Number(r.replied) / Number(r.sent), medianResponseS: r.median }))
    .sort((a, b) => order(a.channel) - order(b.channel));
  const answersOn = rows
    .filter((r) => r.kind === "answers_on")
    .map((r) => ({ channel: r.channel, people: Number(r.sent) }))
    .sort((a, b) => order(a.channel) - order(b.channel));
  return { days, channels, answersOn };
}
