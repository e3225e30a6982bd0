/** Helpers for the realtime tests: a quiet log, a recording subscriber, waiting for a condition. */
import type { DeliveredEvent } from "@/lib/realtime/events";
import type { Hub } from "@/lib/realtime/hub";

export const quietLog = { info: () => {}, warn: () => {} };

export async function until(what: string, ok: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export function record(hub: Hub, audiences: string[]) {
  const events: DeliveredEvent[] = [];
  const resets: number[] = [];
  const unsubscribe = hub.subscribe({
    audiences: new Set(audiences),
    event: (e) => events.push(e),
    reset: (c) => resets.push(c),
    closed: () => {},
  });
  return { events, resets, unsubscribe, seqs: () => events.map((e) => e.seq) };
}

export const presence = (staffId: string, n: number) => ({
  audience: `staff:${staffId}` as const,
  type: "presence.changed" as const,
  payload: { staffId, presence: "available" as const, at: new Date(1_700_000_000_000 + n).toISOString() },
});
