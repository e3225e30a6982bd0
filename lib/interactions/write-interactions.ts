import { randomUUID } from "node:crypto";
import type { Db } from "@/lib/db/client";
import type { InteractionDraft } from "./connectors/types";

export type NewInteraction = {
  incomingEventId: string | null;
  personId: string | null;
  staffId: string | null;
  occurredAt: Date;
  draft: InteractionDraft;
};

type Q = Pick<Db, "$queryRaw" | "$executeRaw">;

/**
 * Inserts interactions and their channel details in a few statements for the
 * whole batch. Unique on incoming_event_id: reprocessing an event inserts
 * nothing new (details are written only for rows this call created). Returns
 * the interaction ids, new or existing, keyed by incoming event id.
 */
export async function insertInteractions(db: Q, items: NewInteraction[]): Promise<Map<string | null, string>> {
  const inserted = new Map<string | null, string>();
  if (items.length === 0) return inserted;
  const ids = items.map(() => randomUUID());
  const rows = await db.$queryRaw<{ id: string; incoming_event_id: string | null }[]>`
    INSERT INTO interaction_events (id, incoming_event_id, person_id, staff_id, channel, direction, occurred_at, summary)
    SELECT u.id, u.incoming_event_id, u.person_id, u.staff_id, u.channel::"Channel", u.direction::"Direction", u.occurred_at, u.summary
      FROM unnest(${ids}::uuid[], ${items.map((i) => i.incomingEventId)}::uuid[], ${items.map((i) => i.personId)}::uuid[],
                  ${items.map((i) => i.staffId)}::uuid[], ${items.map((i) => i.draft.channel)}::text[],
                  ${items.map((i) => i.draft.direction)}::text[], ${items.map((i) => i.occurredAt.toISOString())}::timestamptz[],
                  ${items.map((i) => i.draft.summary)}::text[])
           AS u(id, incoming_event_id, person_id, staff_id, channel, direction, occurred_at, summary)
    ON CONFLICT (incoming_event_id) DO UPDATE
      -- Reprocessing never duplicates: the event's interaction exists (a call recorded
      -- while its caller was unknown); it only gains the person or staff it lacked.
      SET person_id = coalesce(interaction_events.person_id, EXCLUDED.person_id),
          staff_id = coalesce(interaction_events.staff_id, EXCLUDED.staff_id)
    RETURNING id, incoming_event_id`;
  const fresh = new Set(rows.map((r) => r.id));
  for (const r of rows) inserted.set(r.incoming_event_id, r.id);
  const made = items.map((item, i) => ({ item, id: ids[i]! })).filter((x) => fresh.has(x.id));

  const calls = made.flatMap(({ item, id }) => (item.draft.channel === "call" ? [{ id, d: item.draft.call }] : []));
  if (calls.length) {
    await db.$executeRaw`
      INSERT INTO call_details (interaction_id, vendor_call_id, duration_seconds, outcome, recording_url)
      SELECT * FROM unnest(${calls.map((c) => c.id)}::uuid[], ${calls.map((c) => c.d.vendorCallId)}::text[],
                           ${calls.map((c) => c.d.durationSeconds)}::int[], ${calls.map((c) => c.d.outcome)}::text[],
                           ${calls.map((c) => c.d.recordingUrl)}::text[])`;
    // Expiring links (Aircall's pre-signed media) are fetched into our store at once (media/fetch-media.ts).
    const media = calls.flatMap((c) => (c.d.media ?? []).map((m) => ({ id: c.id, ...m })));
    if (media.length) {
      await db.$executeRaw`
        INSERT INTO call_media (interaction_id, kind, source_url)
        SELECT * FROM unnest(${media.map((m) => m.id)}::uuid[], ${media.map((m) => m.kind)}::text[], ${media.map((m) => m.url)}::text[])
        ON CONFLICT (interaction_id, kind) DO NOTHING`;
      await db.$executeRaw`SELECT pg_notify('call_media', '')`;
    }
  }
  const sms = made.flatMap(({ item, id }) => (item.draft.channel === "sms" || item.draft.channel === "whatsapp" ? [{ id, d: item.draft.sms }] : []));
  if (sms.length) {
    await db.$executeRaw`
      INSERT INTO sms_details (interaction_id, vendor_message_id, body, delivery_status)
      SELECT * FROM unnest(${sms.map((c) => c.id)}::uuid[], ${sms.map((c) => c.d.vendorMessageId)}::text[],
                           ${sms.map((c) => c.d.body ?? "")}::text[], ${sms.map((c) => c.d.deliveryStatus)}::text[])`;
  }
  const emails = made.flatMap(({ item, id }) => (item.draft.channel === "email" ? [{ id, d: item.draft.email }] : []));
  if (emails.length) {
    await db.$executeRaw`
      INSERT INTO email_details (interaction_id, subject, thread_id, message_id)
      SELECT * FROM unnest(${emails.map((c) => c.id)}::uuid[], ${emails.map((c) => c.d.subject)}::text[],
                           ${emails.map((c) => c.d.threadId)}::text[], ${emails.map((c) => c.d.messageId)}::text[])`;
  }
  const inApp = made.flatMap(({ item, id }) => (item.draft.channel === "in_app" ? [{ id, d: item.draft.inApp }] : []));
  if (inApp.length) {
    await db.$executeRaw`
      INSERT INTO in_app_message_details (interaction_id, sender_role, body, conversation_id)
      SELECT * FROM unnest(${inApp.map((c) => c.id)}::uuid[], ${inApp.map((c) => c.d.senderRole)}::text[],
                           ${inApp.map((c) => c.d.body)}::text[], ${inApp.map((c) => c.d.conversationId)}::text[])`;
  }
  return inserted;
}
