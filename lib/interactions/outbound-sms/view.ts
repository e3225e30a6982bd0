import type { Db } from "@/lib/db/client";

/** An outbound SMS as the API answers it and the timeline shows it. */
export type OutboundSms = {
  interactionId: string;
  /** "pending" until Twilio accepts it, then Twilio's statuses (forward only) */
  status: string;
  error: string | null;
  messageSid: string | null;
};

type Q = Pick<Db, "$queryRaw">;

/** The message of this person's outbound SMS interaction, or null. */
export async function findOutboundSms(db: Q, personId: string, interactionId: string): Promise<OutboundSms | null> {
  const rows = await db.$queryRaw<OutboundSms[]>`
    SELECT i.id::text AS "interactionId", coalesce(d.delivery_status, 'pending') AS status,
           d.delivery_error AS error, d.vendor_message_id AS "messageSid"
      FROM interaction_events i JOIN sms_details d ON d.interaction_id = i.id
     WHERE i.id = ${interactionId}::uuid AND i.person_id = ${personId}::uuid
       AND i.channel = 'sms' AND i.direction = 'outbound'`;
  return rows[0] ?? null;
}
