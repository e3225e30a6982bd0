import type { Db } from "@/lib/db/client";
import { startDrainLoop } from "@/lib/jobs/drain-loop";
import type { Logger } from "@/lib/log/logger";
import type { TwilioClient } from "@/lib/vendors/twilio/client";
import { SENDER_DEFAULTS, sendDue, type SenderOptions } from "./send";
import { SMS_OUTBOX_CHANNEL } from "./wake";

export type SmsSender = { stop: () => Promise<void> };

/**
 * Sends recorded messages as they are recorded: woken by the web's NOTIFY after each
 * record commits, with no coalescing pause (a staff member is waiting), and polling every
 * `idleMs` for retries that fall due and wake-ups that were lost.
 */
export async function startSmsSender(o: {
  db: Db;
  twilio: TwilioClient;
  connectionString: string;
  log: Logger;
  owner: string;
  options?: Partial<SenderOptions>;
  batchSize?: number;
  idleMs?: number;
}): Promise<SmsSender> {
  const deps = { db: o.db, twilio: o.twilio, log: o.log, owner: o.owner, options: { ...SENDER_DEFAULTS, ...o.options } };
  const loop = await startDrainLoop({
    name: "sms-sender",
    connectionString: o.connectionString,
    channel: SMS_OUTBOX_CHANNEL,
    log: o.log,
    batchSize: o.batchSize ?? 20,
    idleMs: o.idleMs ?? 1_000,
    coalesceMs: 0,
    drain: (limit) => sendDue(deps, limit),
  });
  return { stop: loop.stop };
}
