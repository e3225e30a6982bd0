/**
 * The SMS sender as the worker starts it. No Twilio configured: messages cannot be sent, so
 * the sender does not start and says so; recorded messages wait, pending, for a worker that can.
 */
import type { Db } from "@/lib/db/client";
import type { Logger } from "@/lib/log/logger";
import { createTwilioClient } from "@/lib/vendors/twilio/client";
import { twilioConfig } from "@/lib/vendors/twilio/config";
import { startSmsSender, type SmsSender } from "./sender";

/** Bounds a Twilio request, so a try ends well inside the sender's lease (send.ts). */
const TWILIO_TIMEOUT_MS = 10_000;

export async function startSmsWorker(o: { db: Db; connectionString: string; owner: string; log: Logger }): Promise<SmsSender> {
  const log = o.log.child({ component: "sms-sender" });
  const twilio = twilioConfig();
  if (!twilio.ok) {
    log.warn({ reason: twilio.reason }, "Twilio is not configured: outbound SMS wait unsent");
    return { stop: async () => {} };
  }
  const client = createTwilioClient(twilio.target, { timeoutMs: TWILIO_TIMEOUT_MS });
  const sender = await startSmsSender({ db: o.db, twilio: client, connectionString: o.connectionString, log, owner: o.owner });
  log.info({ owner: o.owner, target: twilio.target.kind }, "sms sender running");
  return sender;
}
