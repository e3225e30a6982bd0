/**
 * Reading realtime_events, the same SQL for the hub (its own pg connection) and the SSE
 * route's replay (the Prisma pool): both hand in a `Rows` function.
 */
import { z } from "zod";
import type { Db } from "@/lib/db/client";
import type { DeliveredEvent } from "./events";

export type Rows = (text: string, values: unknown[]) => Promise<unknown[]>;

export const prismaRows =
  (db: Pick<Db, "$queryRawUnsafe">): Rows =>
  (text, values) =>
    db.$queryRawUnsafe<unknown[]>(text, ...values);

export const pgRows =
  (client: { query(text: string, values: unknown[]): Promise<{ rows: unknown[] }> }): Rows =>
  async (text, values) =>
    (await client.query(text, values)).rows;

// seq is bigint: pg hands back a string, Prisma a BigInt. Both fit a double for ~9e15 events.
// The queries select it as text under another name: ORDER BY an output column named `seq`
// would sort the text ("10" before "9").
const seqValue = z.union([z.string(), z.bigint(), z.number()]).transform((v) => Number(v));
const row = z
  .object({ s: seqValue, audience: z.string(), type: z.string(), payload: z.unknown() })
  .transform(({ s, ...rest }) => ({ seq: s, ...rest }));

/** Stored events after `after`, in seq order; only `audiences` when given. */
export async function readAfter(q: Rows, after: number, limit: number, audiences?: readonly string[]): Promise<DeliveredEvent[]> {
  const rows = audiences
    ? await q(
        `SELECT seq::text AS s, audience, type, payload FROM realtime_events
          WHERE seq > $1::bigint AND audience = ANY($2::text[]) ORDER BY seq LIMIT $3::int`,
        [after, audiences, limit],
      )
    : await q(`SELECT seq::text AS s, audience, type, payload FROM realtime_events WHERE seq > $1::bigint ORDER BY seq LIMIT $2::int`, [
        after,
        limit,
      ]);
  return rows.map((r) => row.parse(r));
}

/**
 * latest: the largest seq stored (0 before the first: the prune job always keeps the newest
 * row); oldest: the smallest stored (latest + 1 when none is); newest: the last seq the
 * sequence handed out, committed or not, so no genuine cursor is above it.
 * `latest` is a safe cursor: publishers commit in seq order, so nothing at or below it is
 * still in flight.
 */
export type Bounds = { oldest: number; latest: number; newest: number };

export async function readBounds(q: Rows): Promise<Bounds> {
  const [r] = await q(
    `SELECT min(seq)::text AS oldest, max(seq)::text AS latest,
            (SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM realtime_events_seq_seq)::text AS newest
       FROM realtime_events`,
    [],
  );
  const b = z.object({ oldest: z.string().nullable(), latest: z.string().nullable(), newest: z.string() }).parse(r);
  const latest = b.latest === null ? 0 : Number(b.latest);
  return { oldest: b.oldest === null ? latest + 1 : Number(b.oldest), latest, newest: Number(b.newest) };
}

/**
 * Can a client at `after` be brought up to date from the table? Not when rows after its
 * cursor were pruned, nor when its cursor is from another database (above anything
 * handed out, e.g. after a reseed): either way it must refetch (a `reset`).
 */
export function canReplay(after: number, b: Bounds): boolean {
  return after >= b.oldest - 1 && after <= b.newest;
}
