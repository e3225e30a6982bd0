import type { Db } from "@/lib/db/client";
import type { IncomingEventDraft } from "./connectors/types";

export type StoreResult = { stored: true; id: string } | { stored: false; duplicate: true };

/**
 * The only write a webhook does before answering: the raw event, once.
 * A retry of the same vendor event id inserts nothing and is still a success.
 */
export async function storeIncomingEvent(db: Pick<Db, "$queryRaw">, draft: IncomingEventDraft): Promise<StoreResult> {
  const rows = await db.$queryRaw<{ id: string }[]>`
    INSERT INTO incoming_events (vendor, vendor_event_id, event_type, payload, occurred_at, contact_kind, contact_value)
    VALUES (${draft.vendor}::"Vendor", ${draft.vendorEventId}, ${draft.eventType}, ${JSON.stringify(draft.payload)}::jsonb,
            ${draft.occurredAt}, ${draft.contact?.kind ?? null}::"ContactKind", ${draft.contact?.value ?? null})
    ON CONFLICT (vendor, vendor_event_id) DO NOTHING
    RETURNING id`;
  const row = rows[0];
  return row ? { stored: true, id: row.id } : { stored: false, duplicate: true };
}
