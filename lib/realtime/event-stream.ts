/**
 * One browser's Server-Sent Events stream: subscribe to the hub first (live events are
 * held), replay the stored events after the client's cursor for its audiences, flush what
 * was held without repeats (merge.ts), then stay live. Frames: `retry:` first, every event
 * as `id: <seq>` / `event: <type>` / `data: <json>`, then `ready` (its id is where to resume
 * from even if nothing else arrives), `reset` when the gap cannot be replayed, and a comment
 * heartbeat. Ends when the client goes away (abort / cancel) or the hub closes.
 */
import type { DeliveredEvent } from "./events";
import type { Hub } from "./hub";
import { createReplayMerge } from "./merge";
import { sseComment, sseEvent, sseRetry } from "./sse";
import { canReplay, readAfter, readBounds, type Rows } from "./store";

export interface EventStreamOptions {
  hub: Hub;
  /** where the replay reads from (the process's Prisma pool) */
  rows: Rows;
  audiences: ReadonlySet<string>;
  /** the client's cursor (Last-Event-ID / ?after=); null: live from now */
  after: number | null;
  signal: AbortSignal;
  heartbeatMs?: number;
  retryMs?: number;
  replayPage?: number;
  /** a client this many frames behind is cut off: it reconnects and replays from the table */
  maxQueued?: number;
  onError?: (e: unknown) => void;
  /**
   * Asked every `recheckMs`: is the client still allowed this stream (signed in, same role)?
   * No: the stream ends, and the browser's reconnect meets the auth check afresh. A failure
   * to answer (database down) keeps the stream open.
   */
  stillAllowed?: () => Promise<boolean>;
  recheckMs?: number;
  /** why the stream ended: the request aborted, the consumer cancelled, the hub closed, the client lagged, a failure */
  onClose?: (reason: StreamEndReason) => void;
}

export type StreamEndReason = "abort" | "cancel" | "hub" | "slow" | "expired" | "error";

export function openEventStream(o: EventStreamOptions): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const page = o.replayPage ?? 500;
  const maxQueued = o.maxQueued ?? 5_000;
  let ctrl: ReadableStreamDefaultController<Uint8Array> | null = null;
  let done = false;
  let unsubscribe = () => {};
  let heartbeat: ReturnType<typeof setInterval> | undefined;
  let recheck: ReturnType<typeof setInterval> | undefined;

  const finish = (reason: StreamEndReason) => {
    if (done) return;
    done = true;
    unsubscribe();
    clearInterval(heartbeat);
    clearInterval(recheck);
    o.signal.removeEventListener("abort", onAbort);
    o.onClose?.(reason);
    try {
      ctrl?.close();
    } catch {
      // already closed or errored by the consumer
    }
  };
  const onAbort = () => finish("abort");
  const write = (frame: string) => {
    if (done || !ctrl) return;
    ctrl.enqueue(encoder.encode(frame));
    if ((ctrl.desiredSize ?? 0) < -maxQueued) finish("slow");
  };
  const send = (e: DeliveredEvent) => write(sseEvent({ id: e.seq, event: e.type, data: e.payload }));
  const reset = (cursor: number) => write(sseEvent({ id: cursor, event: "reset", data: { cursor } }));

  const run = async () => {
    const after = o.after;
    // cursor and subscription taken together (no await between): nothing slips past
    const merge = createReplayMerge(after ?? o.hub.cursor(), send, after !== null);
    unsubscribe = o.hub.subscribe({
      audiences: o.audiences,
      event: (e) => merge.live(e),
      reset: (cursor) => {
        merge.advance(cursor);
        reset(cursor);
      },
      closed: () => finish("hub"),
    });
    let replayed = 0;
    if (after !== null) {
      const bounds = await readBounds(o.rows);
      if (!canReplay(after, bounds)) {
        merge.advance(bounds.latest);
        reset(bounds.latest);
      } else {
        const audiences = [...o.audiences];
        for (;;) {
          const rows = await readAfter(o.rows, merge.cursor(), page, audiences);
          if (done) return;
          rows.forEach((e) => merge.replayed(e));
          replayed += rows.length;
          if (rows.length < page) break;
          if (merge.held() > maxQueued) return finish("slow");
        }
      }
      merge.finishReplay();
    }
    // Everything up to the hub's cursor is now sent, held-and-flushed, or not for us.
    merge.advance(o.hub.cursor());
    write(sseEvent({ id: merge.cursor(), event: "ready", data: { replayed } }));
  };

  return new ReadableStream<Uint8Array>({
    start(controller) {
      ctrl = controller;
      if (o.signal.aborted) return finish("abort");
      o.signal.addEventListener("abort", onAbort, { once: true });
      write(sseRetry(o.retryMs ?? 2_000));
      heartbeat = setInterval(() => write(sseComment("keepalive")), o.heartbeatMs ?? 15_000);
      const allowed = o.stillAllowed;
      if (allowed) recheck = setInterval(() => void allowed().then((ok) => ok || finish("expired"), () => {}), o.recheckMs ?? 60_000);
      void run().catch((e: unknown) => {
        o.onError?.(e);
        finish("error");
      });
    },
    cancel() {
      finish("cancel");
    },
  });
}
