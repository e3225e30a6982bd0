import type pg from "pg";
import type { Db } from "@/lib/db/client";
import type { IncomingEventDraft } from "./connectors/types";

export type StoreResult = { stored: true; id: string } | { stored: false; duplicate: true };

/** Where an event can be stored: the Prisma client (or a transaction of it), or a node-postgres pool/client. */
export type EventStore = Pick<Db, "$queryRaw"> | Pick<pg.Pool, "query">;

const INSERT = {
  // a named prepared statement: each connection parses and plans it once
  name: "sb_store_incoming_event",
  text: `INSERT INTO incoming_events (vendor, vendor_event_id, event_type, payload, occurred_at, contact_kind, contact_value)
         VALUES ($1::"Vendor", $2, $3, $4::jsonb, $5, $6::"ContactKind", $7)
         ON CONFLICT (vendor, vendor_event_id) DO NOTHING
         RETURNING id`,
};

const isPg = (db: EventStore): db is Pick<pg.Pool, "query"> => typeof (db as { query?: unknown }).query === "function";

/**
 * The only write a webhook does before answering: the raw event, once.
 * A retry of the same vendor event id inserts nothing and is still a success.
 */
export async function storeIncomingEvent(db: EventStore, draft: IncomingEventDraft): Promise<StoreResult> {
  const values = [draft.vendor, draft.vendorEventId, draft.eventType, JSON.stringify(draft.payload), draft.occurredAt, draft.contact?.kind ?? null, draft.contact?.value ?? null];
  const rows = isPg(db)
    ? (await db.query<{ id: string }>({ ...INSERT, values })).rows
    : await db.$queryRaw<{ id: string }[]>`
    INSERT INTO incoming_events (vendor, vendor_event_id, event_type, payload, occurred_at, contact_kind, contact_value)
    VALUES (${values[0]}::"Vendor", ${values[1]}, ${values[2]}, ${values[3]}::jsonb,
            ${values[4]}, ${values[5]}::"ContactKind", ${values[6]})
    ON CONFLICT (vendor, vendor_event_id) DO NOTHING
    RETURNING id`;
  const row = rows[0];
  return row ? { stored: true, id: row.id } : { stored: false, duplicate: true };
}
