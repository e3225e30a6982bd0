/** SMS delivery statuses: their order and which are final. Pure, so the UI uses it too. */

// The order a message moves through. "pending" is ours: recorded, not yet accepted by Twilio.
const RANK: Record<string, number> = {
  pending: 0, scheduled: 1, accepted: 2, queued: 3, sending: 4, sent: 5, receiving: 5, received: 6,
  delivered: 7, partially_delivered: 7, read: 8, undelivered: 9, failed: 9, canceled: 9,
};

export const SMS_STATUSES = Object.keys(RANK);

export function smsStatusRank(status: string): number {
  return RANK[status] ?? -1;
}

const FINAL = new Set(["delivered", "partially_delivered", "read", "received", "undelivered", "failed", "canceled"]);

/** Nothing (or nothing that matters) follows these: the timeline stops watching. */
export function isFinalSmsStatus(status: string | null): boolean {
  return status !== null && FINAL.has(status);
}
