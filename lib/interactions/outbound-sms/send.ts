/**
 * The sender: takes recorded, unsent messages and sends each once. Per message: record the
 * try (store.ts) → if an earlier try may have reached Twilio, look for the message there
 * (find-accepted.ts) → otherwise create it → store the SID. A refusal (4xx) fails the
 * message with Twilio's reason; an outage (5xx, 429, network) is retried with backoff, and
 * after the last try the message fails visibly. Database errors are not caught: the row
 * keeps its lease and try, so once the lease lapses a sender looks before sending again.
 */
import type { Db } from "@/lib/db/client";
import type { Logger } from "@/lib/log/logger";
import type { TwilioClient } from "@/lib/vendors/twilio/client";
import { isPermanent, twilioError } from "@/lib/vendors/twilio/errors";
import { firstUnadopted, twilioCandidates, type Accepted } from "./find-accepted";
import { claimDue, markFailed, scheduleRetry, startTry, storeAccepted, type OutboxRow } from "./store";

export type SenderOptions = {
  /** how long a claimed message is ours: longer than a lookup plus a create can take */
  leaseMs: number;
  /** tries (lookups and creates) before a message Twilio cannot be reached for fails */
  maxAttempts: number;
  /** wait before try n+1 */
  backoffMs: (attempt: number) => number;
};

export const SENDER_DEFAULTS: SenderOptions = {
  // The sender's Twilio client times out after 10 s (worker.ts): a lookup and a create, with room to spare.
  leaseMs: 60_000,
  maxAttempts: 5,
  backoffMs: (n) => Math.min(2_000 * 2 ** (n - 1), 60_000),
};

export type SenderDeps = { db: Db; twilio: TwilioClient; log: Logger; owner: string; options: SenderOptions };

export type SendOutcome = "sent" | "adopted" | "failed" | "retry" | "lease_lost";

/** One batch: claims up to `limit` due messages and sends them side by side. Returns how many it claimed. */
export async function sendDue(deps: SenderDeps, limit: number): Promise<number> {
  const rows = await claimDue(deps.db, deps.owner, deps.options.leaseMs, limit);
  await Promise.all(
    rows.map((row) =>
      sendClaimed(deps, row).catch((e: unknown) => {
        deps.log.warn({ interactionId: row.interactionId, err: e instanceof Error ? e.message : String(e) }, "sms send interrupted; recovered when its lease lapses");
      }),
    ),
  );
  return rows.length;
}

type Asked = { kind: "accepted"; how: "sent" | "adopted"; message: Accepted } | { kind: "refused"; reason: string } | { kind: "unreachable"; error: string };

export async function sendClaimed(deps: SenderDeps, row: OutboxRow): Promise<SendOutcome> {
  const { db, owner, options } = deps;
  const attempt = row.attempts + 1;
  const started = await startTry(db, row.interactionId, owner, options.leaseMs);
  if (!started) return "lease_lost";
  const asked = await askTwilio(deps, row, started.firstAttemptAt);
  const id = row.interactionId;
  if (asked.kind === "accepted") {
    await storeAccepted(db, id, asked.message.sid, asked.message.status);
    deps.log.info({ interactionId: id, messageSid: asked.message.sid, how: asked.how }, "sms sent");
    return asked.how;
  }
  if (asked.kind === "refused") {
    await markFailed(db, id, asked.reason);
    return "failed";
  }
  if (attempt < options.maxAttempts) {
    await scheduleRetry(db, id, owner, asked.error, options.backoffMs(attempt));
    return "retry";
  }
  // The last try: a create whose answer was lost may still have gone out.
  const candidates = await twilioCandidates(deps.twilio, row, started.firstAttemptAt).catch(() => null);
  const late = candidates && (await firstUnadopted(db, candidates));
  if (late) {
    await storeAccepted(db, id, late.sid, late.status);
    return "adopted";
  }
  const unsure = candidates === null ? "; Twilio could not be asked whether an earlier try went out" : "";
  await markFailed(db, id, `not sent: Twilio unreachable after ${attempt} tries (${asked.error})${unsure}`);
  return "failed";
}

/** Twilio's answer as a value. Whatever the Twilio client throws is Twilio's (or the network's); database errors throw. */
async function askTwilio(deps: SenderDeps, row: OutboxRow, firstAttemptAt: Date): Promise<Asked> {
  if (row.firstAttemptAt) {
    const candidates = await twilioCall(() => twilioCandidates(deps.twilio, row, firstAttemptAt));
    if (!candidates.ok) return candidates.failure;
    const found = await firstUnadopted(deps.db, candidates.value);
    if (found) return { kind: "accepted", how: "adopted", message: found };
  }
  const created = await twilioCall(() =>
    deps.twilio.messages.create({ to: row.to, from: row.from, body: row.body, statusCallback: row.statusCallback }),
  );
  if (!created.ok) return created.failure;
  return { kind: "accepted", how: "sent", message: { sid: created.value.sid, status: created.value.status, createdAt: created.value.dateCreated } };
}

type Failure = Extract<Asked, { kind: "refused" | "unreachable" }>;

async function twilioCall<T>(fn: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; failure: Failure }> {
  try {
    return { ok: true, value: await fn() };
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    if (!isPermanent(e)) return { ok: false, failure: { kind: "unreachable", error: message } };
    const code = twilioError(e)?.code;
    return { ok: false, failure: { kind: "refused", reason: code ? `Twilio refused it (${code}): ${message}` : `Twilio refused it: ${message}` } };
  }
}
