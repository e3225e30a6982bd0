/**
 * Check before create. Twilio's Messages API has no idempotency key, so when a try was
 * recorded and no SID came back (the sender died, or the answer was lost), Twilio is asked
 * whether it has the message: same To and From, same body, created since the first try.
 */
import type { Db } from "@/lib/db/client";
import type { TwilioClient } from "@/lib/vendors/twilio/client";
import { knownSids, type OutboxRow } from "./store";

/** Our clock and Twilio's may disagree by this much. */
const CLOCK_SKEW_MS = 60_000;
/** The newest messages on the line looked at for one still waiting at Twilio. */
const RECENT = 20;

export type Accepted = { sid: string; status: string; createdAt: Date };

/** Twilio's messages that may be this row's, oldest first. Only Twilio is asked: its errors are the caller's to judge. */
export async function twilioCandidates(twilio: TwilioClient, row: OutboxRow, firstAttemptAt: Date): Promise<Accepted[]> {
  const since = firstAttemptAt.getTime() - CLOCK_SKEW_MS;
  const line = { to: row.to, from: row.from };
  const [sent, recent] = await Promise.all([
    twilio.messages.list({ ...line, dateSentAfter: new Date(since), limit: 200 }),
    // Twilio fills date_sent only once a message has left, so one it accepted and still
    // queues (or failed before sending) matches no DateSent filter: the newest few too.
    twilio.messages.list({ ...line, limit: RECENT }),
  ]);
  const bySid = new Map([...sent, ...recent].map((m) => [m.sid, m]));
  return [...bySid.values()]
    .filter((m) => m.direction !== "inbound" && m.body === row.body && m.dateCreated.getTime() >= since)
    .map((m) => ({ sid: m.sid, status: m.status, createdAt: m.dateCreated }))
    .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
}

/** The first candidate no message of ours has: the same text to the same person twice is possible. */
export async function firstUnadopted(db: Pick<Db, "$queryRaw">, candidates: Accepted[]): Promise<Accepted | null> {
  const known = await knownSids(db, candidates.map((m) => m.sid));
  return candidates.find((m) => !known.has(m.sid)) ?? null;
}
