import type { DeliveredEvent } from "./events";

/**
 * Joins a replay (stored events after the client's cursor) with the live feed, with no gap
 * and no duplicate. The stream subscribes to the live feed BEFORE it starts replaying, so
 * nothing published meanwhile is lost; live events are held while the replay runs and, once
 * it is done, flushed skipping every seq already sent. Both feeds are in seq order, and seq
 * order is commit order (publish.ts), so "seq > cursor" is the whole rule.
 */
export interface ReplayMerge {
  /** a stored event from the replay query */
  replayed(e: DeliveredEvent): void;
  /** an event from the hub: held while replaying, else sent when new */
  live(e: DeliveredEvent): void;
  /** the replay is complete: flush what was held and go live */
  finishReplay(): void;
  /** events up to `seq` are accounted for (a reset, a ready id): never send them */
  advance(seq: number): void;
  /** every event up to here was sent or is not for this client */
  cursor(): number;
  /** live events held so far (a runaway replay is cut off by the caller) */
  held(): number;
}

export function createReplayMerge(start: number, send: (e: DeliveredEvent) => void, replaying = true): ReplayMerge {
  let cursor = start;
  let holding = replaying;
  let buffer: DeliveredEvent[] = [];
  const offer = (e: DeliveredEvent) => {
    if (e.seq <= cursor) return;
    cursor = e.seq;
    send(e);
  };
  return {
    replayed: offer,
    live: (e) => {
      if (holding) buffer.push(e);
      else offer(e);
    },
    finishReplay: () => {
      holding = false;
      const held = buffer;
      buffer = [];
      for (const e of held) offer(e);
    },
    advance: (seq) => {
      cursor = Math.max(cursor, seq);
    },
    cursor: () => cursor,
    held: () => buffer.length,
  };
}
