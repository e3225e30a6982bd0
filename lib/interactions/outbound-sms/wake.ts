import type { Db } from "@/lib/db/client";

export const SMS_OUTBOX_CHANNEL = "sms_outbox";

/**
 * Tells the senders (LISTEN sms_outbox) that a message was recorded: after its transaction
 * committed (a NOTIFY inside it would take Postgres's global notify lock at every commit,
 * see migration 0030). Fire-and-forget: the senders also poll, so a lost wake-up only delays.
 */
export function wakeSmsSender(db: Pick<Db, "$executeRaw">): void {
  db.$executeRaw`SELECT pg_notify(${SMS_OUTBOX_CHANNEL}, '')`.catch(() => {});
}
