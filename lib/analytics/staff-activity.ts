import type { Db } from "@/lib/db/client";

/**
 * Inbound calls per staff member and day (UTC, the day the call started). A call rang a staff
 * member when it has a leg to them; they answered it when the call connected to them
 * (phone_calls.staff_id, answered_at), otherwise they missed it, once per call however often it
 * rang them. Talk time: answer to hang-up. Time to answer: their last leg being dialled to the
 * answer.
 */
export type StaffDay = { staffId: string; staff: string; day: string; answered: number; missed: number; talkS: number; medianAnswerS: number | null };

export async function staffActivity(db: Db, opts: { days?: number; now?: Date } = {}): Promise<StaffDay[]> {
  const now = opts.now ?? new Date();
  const since = new Date(now.getTime() - (opts.days ?? 14) * 86_400_000);
  const rows = await db.$queryRaw<{ staff_id: string; staff: string; day: string; answered: bigint; missed: bigint; talk_s: number; median_answer_s: number | null }[]>`
    WITH rung AS (
      SELECT DISTINCT ON (l.phone_call_id, l.staff_id) l.phone_call_id, l.staff_id, l.created_at AS dialled_at
        FROM call_legs l JOIN phone_calls c ON c.id = l.phone_call_id
       WHERE l.staff_id IS NOT NULL AND c.direction = 'inbound' AND c.started_at >= ${since} AND c.started_at < ${now}
       ORDER BY l.phone_call_id, l.staff_id, l.created_at DESC
    ), judged AS (
      SELECT r.staff_id, c.started_at, (c.staff_id = r.staff_id AND c.answered_at IS NOT NULL) AS answered,
             extract(epoch FROM coalesce(c.ended_at, now()) - c.answered_at)::float8 AS talk_s,
             extract(epoch FROM c.answered_at - r.dialled_at)::float8 AS answer_s
        FROM rung r JOIN phone_calls c ON c.id = r.phone_call_id
    )
    SELECT j.staff_id::text, s.display_name AS staff, to_char(j.started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day,
           count(*) FILTER (WHERE j.answered) AS answered,
           count(*) FILTER (WHERE NOT j.answered) AS missed,
           coalesce(sum(j.talk_s) FILTER (WHERE j.answered), 0)::float8 AS talk_s,
           (percentile_cont(0.5) WITHIN GROUP (ORDER BY j.answer_s) FILTER (WHERE j.answered))::float8 AS median_answer_s
      FROM judged j JOIN staff s ON s.id = j.staff_id
     GROUP BY j.staff_id, s.display_name, day
     ORDER BY day DESC, s.display_name`;
  return rows.map((r) => ({ staffId: r.staff_id, staff: r.staff, day: r.day, answered: Number(r.answered), missed: Number(r.missed), talkS: Math.round(r.talk_s), medianAnswerS: r.median_answer_s === null ? null : Math.round(r.median_answer_s * 10) / 10 }));
}
