/**
 * A web process's realtime hub: ONE LISTEN connection (listener.ts) and the in-memory
 * fan-out to this process's SSE subscribers. Each web process runs its own; they share
 * nothing but Postgres.
 *
 * On a NOTIFY it reads every row after the last seq it has seen (one query at a time:
 * a burst of NOTIFYs while a read runs costs one more read, not one each) and hands each
 * row to the subscribers whose audiences contain the row's audience, in seq order. It also
 * reads every `pollMs` (the connection's keepalive, and a lost NOTIFY only delays). After
 * a reconnect it catches up from its last seq; if those rows were pruned meanwhile, every
 * subscriber is told to reset.
 */
import type { DeliveredEvent } from "./events";
import { startListener, type ListenerLog } from "./listener";
import { REALTIME_CHANNEL } from "./publish";
import { canReplay, pgRows, readAfter, readBounds } from "./store";

export interface HubSubscriber {
  audiences: ReadonlySet<string>;
  event(e: DeliveredEvent): void;
  /** events up to `cursor` are lost to the hub (pruned while it was away): refetch */
  reset(cursor: number): void;
  /** the hub is shutting down */
  closed(): void;
}

export interface Hub {
  /** resolves with the cursor once connected for the first time */
  ready(): Promise<number>;
  /** the last seq handed to subscribers: everything after it will be */
  cursor(): number;
  subscribe(s: HubSubscriber): () => void;
  subscribers(): number;
  close(): Promise<void>;
}

export interface HubOptions {
  connectionString: string;
  applicationName: string;
  log: ListenerLog;
  pollMs?: number;
  batch?: number;
  minBackoffMs?: number;
  maxBackoffMs?: number;
}

export function startHub(o: HubOptions): Hub {
  const batch = o.batch ?? 1_000;
  const byAudience = new Map<string, Set<HubSubscriber>>();
  const all = new Set<HubSubscriber>();
  let cursor: number | null = null;
  let reading = false;
  let again = false;
  let markReady: (c: number) => void = () => {};
  const readyP = new Promise<number>((resolve) => (markReady = resolve));

  const deliver = (e: DeliveredEvent) => {
    if (cursor === null || e.seq <= cursor) return; // a reset moved past it
    cursor = e.seq;
    for (const s of byAudience.get(e.audience) ?? []) {
      try {
        s.event(e);
      } catch (err) {
        o.log.warn({ err: String(err) }, "realtime subscriber failed");
      }
    }
  };

  const pump = async (): Promise<void> => {
    if (reading) {
      again = true;
      return;
    }
    reading = true;
    try {
      do {
        again = false;
        const client = listener.client();
        if (!client || cursor === null) return;
        try {
          for (;;) {
            const rows = await readAfter(pgRows(client), cursor, batch);
            rows.forEach(deliver);
            if (rows.length < batch) break;
          }
        } catch (e) {
          // this connection is broken; a reconnect meanwhile has set `again` for its catch-up
          listener.restart(client, `read failed: ${e instanceof Error ? e.message : String(e)}`);
        }
      } while (again);
    } finally {
      reading = false;
    }
  };

  const listener = startListener({
    connectionString: o.connectionString,
    channel: REALTIME_CHANNEL,
    applicationName: o.applicationName,
    log: o.log,
    ...(o.minBackoffMs !== undefined ? { minBackoffMs: o.minBackoffMs } : {}),
    ...(o.maxBackoffMs !== undefined ? { maxBackoffMs: o.maxBackoffMs } : {}),
    onNotify: (payload) => {
      // the payload is the statement's largest seq: already read means nothing to do
      if (cursor !== null && /^\d+$/.test(payload) && Number(payload) <= cursor) return;
      void pump();
    },
    onConnected: async (client) => {
      const bounds = await readBounds(pgRows(client));
      if (cursor === null) {
        cursor = bounds.latest;
        markReady(cursor);
      } else if (!canReplay(cursor, bounds)) {
        o.log.warn({ cursor, oldest: bounds.oldest }, "realtime hub missed pruned events; subscribers reset");
        cursor = bounds.latest;
        for (const s of all) s.reset(bounds.latest);
      }
      await pump();
    },
  });

  const poll = setInterval(() => void pump(), o.pollMs ?? 5_000);
  poll.unref?.();

  return {
    ready: () => readyP,
    cursor: () => cursor ?? 0,
    subscribe: (s) => {
      all.add(s);
      for (const a of s.audiences) {
        let set = byAudience.get(a);
        if (!set) byAudience.set(a, (set = new Set()));
        set.add(s);
      }
      return () => {
        all.delete(s);
        for (const a of s.audiences) {
          const set = byAudience.get(a);
          set?.delete(s);
          if (set?.size === 0) byAudience.delete(a);
        }
      };
    },
    subscribers: () => all.size,
    close: async () => {
      clearInterval(poll);
      await listener.close();
      for (const s of [...all]) s.closed();
      all.clear();
      byAudience.clear();
    },
  };
}
