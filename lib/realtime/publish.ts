/**
 * Publishing realtime events: rows in realtime_events plus one NOTIFY, in the caller's
 * transaction. Postgres delivers a NOTIFY when its transaction commits, and drops it when
 * it rolls back, so a browser never hears of something that did not happen.
 *
 * Commit order = seq order: each publishing statement first takes a transaction-scoped
 * advisory lock, held until its transaction ends, so a later seq can never become visible
 * before an earlier one (the hub and the SSE replay both read "everything after seq N";
 * without the lock, a slow transaction holding seq 10 would commit after 11 was read and
 * be skipped). The price: publishing transactions queue behind each other from their
 * publish to their commit. Publish last in a transaction, just before it commits.
 */
import type { Db } from "@/lib/db/client";
import { REALTIME_EVENTS, audienceSchema, type OutgoingEvent } from "./events";

/** Anything that runs SQL with $n parameters: the Prisma client, a transaction client, a pg client. */
export type PublishTarget = Pick<Db, "$executeRawUnsafe"> | { query(text: string, values: unknown[]): Promise<unknown> };

export const REALTIME_CHANNEL = "realtime_event";
/** Beside the other advisory keys (lib/db/migrate.ts 7_201_655_001, lib/identity/db/lock.ts 7_201_655_1xx). */
export const ORDER_LOCK = 7_201_655_201;

// One statement: the lock (a MATERIALIZED CTE the insert reads first, so it is held before
// any seq is drawn), the rows in the caller's order, then one pg_notify over all of them.
const SQL = `WITH ordered AS MATERIALIZED (SELECT pg_advisory_xact_lock(${ORDER_LOCK}) AS locked),
ins AS (
  INSERT INTO realtime_events (audience, type, payload)
  SELECT e.value->>'audience', e.value->>'type', e.value->'payload'
    FROM ordered, jsonb_array_elements($1::jsonb) WITH ORDINALITY AS e(value, n)
   ORDER BY e.n
  RETURNING seq
)
SELECT pg_notify('${REALTIME_CHANNEL}', max(seq)::text) FROM ins`;

/**
 * The events as the publishing SQL takes them ($1: a JSON array of {audience, type,
 * payload}), validated. For a statement that publishes by itself (the call actor's
 * one-statement step, lib/calls/store.ts), with the same lock and NOTIFY as below.
 */
export function eventsJson(events: readonly OutgoingEvent[]): string {
  return JSON.stringify(
    events.map((e) => ({
      audience: audienceSchema.parse(e.audience),
      type: e.type,
      payload: REALTIME_EVENTS[e.type].parse(e.payload),
    })),
  );
}

/** Validates, stores and announces `events` (nothing for an empty list). Throws on a malformed event: a bug. */
export async function publish(target: PublishTarget, events: readonly OutgoingEvent[]): Promise<void> {
  if (events.length === 0) return;
  const json = eventsJson(events);
  // a property read, not `in`: lib/db/client.ts's `db` is a Proxy with only a get trap
  const prisma = (target as Partial<Pick<Db, "$executeRawUnsafe">>).$executeRawUnsafe;
  if (typeof prisma === "function") await (target as Pick<Db, "$executeRawUnsafe">).$executeRawUnsafe(SQL, json);
  else await (target as { query(text: string, values: unknown[]): Promise<unknown> }).query(SQL, [json]);
}
