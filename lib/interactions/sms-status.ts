/**
 * An SMS's delivery status moves forward only, through moveSmsStatus: one UPDATE guarded on
 * the status the row has, so a late or duplicate callback (or a create response that lost
 * the race with its own callbacks) can never move a message back.
 */
import type { Db } from "@/lib/db/client";
import { SMS_STATUSES, smsStatusRank } from "./sms-statuses";

type Tx = Pick<Db, "$queryRaw" | "$executeRaw">;

export type SmsRef = { sid: string } | { interactionId: string };

/** true: applied; false: not after the status the message has; null: no such message. */
export async function moveSmsStatus(tx: Tx, ref: SmsRef, status: string | null, error: string | null = null): Promise<boolean | null> {
  const rank = status === null ? -1 : smsStatusRank(status);
  const below = SMS_STATUSES.filter((s) => smsStatusRank(s) < rank);
  const n =
    rank < 0
      ? 0
      : "sid" in ref
        ? await tx.$executeRaw`
            UPDATE sms_details SET delivery_status = ${status}, delivery_error = coalesce(${error}, delivery_error)
             WHERE vendor_message_id = ${ref.sid} AND (delivery_status IS NULL OR delivery_status = ANY(${below}::text[]))`
        : await tx.$executeRaw`
            UPDATE sms_details SET delivery_status = ${status}, delivery_error = coalesce(${error}, delivery_error)
             WHERE interaction_id = ${ref.interactionId}::uuid AND (delivery_status IS NULL OR delivery_status = ANY(${below}::text[]))`;
  if (n > 0) return true;
  const exists =
    "sid" in ref
      ? await tx.$queryRaw<unknown[]>`SELECT 1 FROM sms_details WHERE vendor_message_id = ${ref.sid} LIMIT 1`
      : await tx.$queryRaw<unknown[]>`SELECT 1 FROM sms_details WHERE interaction_id = ${ref.interactionId}::uuid`;
  return exists.length > 0 ? false : null;
}

/**
 * Serialises, per message SID, applying its callbacks with storing it: the sender stores a
 * SID and then applies the callbacks that came before it, the processor applies a callback
 * to the message with that SID. Without the lock a callback processed while the SID's
 * transaction is still open would see no message, and its status would be lost.
 */
export async function lockSmsSid(tx: Tx, sid: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(7201, hashtext(${sid}))`;
}
