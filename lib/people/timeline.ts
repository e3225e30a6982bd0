import type { Db } from "@/lib/db/client";
import { INTERACTION_KINDS, TIMELINE_KINDS, decodeTimelineCursor, encodeTimelineCursor, type TimelineKind, type TimelineQuery } from "./timeline-query";
import { hydrateTimeline, type StreamRow } from "./timeline-hydrate";

export type { TimelineItem } from "./timeline-hydrate";

const DAY_MS = 86_400_000;

/** One stream of a person's timeline: its table, time column and what it adds to the WHERE. */
interface Stream {
  readonly src: StreamRow["src"];
  readonly kinds: readonly TimelineKind[];
  readonly table: string;
  readonly at: string;
  readonly person: string;
}

const STREAMS: readonly Stream[] = [
  { src: "interaction", kinds: INTERACTION_KINDS, table: "interaction_events", at: "occurred_at", person: "person_id = $1" },
  { src: "order", kinds: ["order"], table: "orders", at: "placed_at", person: "person_id = $1" },
  { src: "booking", kinds: ["booking"], table: "bookings", at: "starts_at", person: "person_id = $1" },
  { src: "appointment", kinds: ["appointment"], table: "appointments", at: "starts_at", person: "person_id = $1" },
  { src: "merge", kinds: ["merge"], table: "merge_audits", at: "created_at", person: "person_id = $1" },
  { src: "merge", kinds: ["merge"], table: "merge_audits", at: "created_at", person: "other_person_id = $1" },
  { src: "decision", kinds: ["decision"], table: "contact_resolutions", at: "created_at", person: "person_id = $1" },
];

export type TimelinePage = { items: Awaited<ReturnType<typeof hydrateTimeline>>; nextCursor: string | null };

/**
 * A person's timeline, newest first: interactions on every channel, orders, bookings,
 * appointments, merges and ops decisions as one stream, paged by keyset on (time, id).
 * Each stream reads at most a page past the cursor through its (person, time) index, and
 * the union keeps the newest page of them, so page 50 of a person with 10k interactions
 * costs what page 1 does. The staff filter keeps interactions only (nothing else has staff).
 */
export async function getTimeline(db: Db, personId: string, query: TimelineQuery = {}): Promise<TimelinePage> {
  const limit = query.limit ?? 30;
  const kinds = new Set<TimelineKind>(query.kinds?.length ? query.kinds : TIMELINE_KINDS);
  const params: unknown[] = [personId];
  const param = (v: unknown) => `$${params.push(v)}`;
  const cursor = decodeTimelineCursor(query.cursor);
  const cursorAt = cursor ? param(cursor.at) : null;
  const cursorId = cursor ? param(cursor.id) : null;
  const from = query.from ? param(new Date(query.from)) : null;
  const to = query.to ? param(new Date(Date.parse(query.to) + DAY_MS)) : null;

  const branches: string[] = [];
  for (const s of STREAMS) {
    const wanted = s.kinds.filter((k) => kinds.has(k));
    if (wanted.length === 0 || (query.staff && s.src !== "interaction")) continue;
    const where = [s.person];
    if (cursorAt) where.push(`(${s.at}, id) < (${cursorAt}::timestamptz, ${cursorId}::uuid)`);
    if (from) where.push(`${s.at} >= ${from}::timestamptz`);
    if (to) where.push(`${s.at} < ${to}::timestamptz`);
    if (s.src === "interaction") {
      if (wanted.length < INTERACTION_KINDS.length) where.push(`channel = ANY(${param(wanted)}::"Channel"[])`);
      if (query.staff) where.push(`staff_id = ${param(query.staff)}::uuid`);
    }
    branches.push(`(SELECT '${s.src}' AS src, id, ${s.at} AS at FROM ${s.table} WHERE ${where.join(" AND ")} ORDER BY ${s.at} DESC, id DESC LIMIT ${limit + 1})`);
  }
  if (branches.length === 0) return { items: [], nextCursor: null };
  const rows = await db.$queryRawUnsafe<StreamRow[]>(`SELECT src, id, at FROM (${branches.join("\nUNION ALL\n")}) u ORDER BY at DESC, id DESC LIMIT ${limit + 1}`, ...params);
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return { items: await hydrateTimeline(db, page), nextCursor: rows.length > limit && last ? encodeTimelineCursor(last.at, last.id) : null };
}

