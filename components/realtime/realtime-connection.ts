/**
 * The tab's one EventSource on /api/events, without React: validates each event against
 * lib/realtime/events.ts (unknown or malformed ones are dropped: an older tab ignores a
 * newer type), remembers the last id, and reports connected / reconnecting.
 *
 * EventSource reconnects by itself after a network error, sending Last-Event-ID. It gives
 * up for good when an answer is not a 200 event stream (a 401 after the session expired,
 * a 503 while the database is down); then we build a new one after a backoff, carrying the
 * cursor as ?after= since a new EventSource sends no Last-Event-ID.
 */
import { REALTIME_EVENTS, type RealtimeEventType, type RealtimePayload } from "@/lib/realtime/events";

export type RealtimeStatus = "connecting" | "connected" | "reconnecting";

export type RealtimeDispatch = <K extends RealtimeEventType>(type: K, payload: RealtimePayload<K>, meta: { seq: number }) => void;

/** The part of the browser's EventSource we use (a fake one in tests). */
export interface EventSourceLike {
  readonly readyState: number;
  onerror: ((ev: unknown) => void) | null;
  addEventListener(type: string, listener: (ev: { data: string; lastEventId: string }) => void): void;
  close(): void;
}

export interface RealtimeConnectionOptions {
  url?: string;
  create?: (url: string) => EventSourceLike;
  dispatch: RealtimeDispatch;
  /** what the tab missed cannot be replayed: refetch everything */
  onReset: () => void;
  onStatus: (s: RealtimeStatus) => void;
  minBackoffMs?: number;
  maxBackoffMs?: number;
}

const CLOSED = 2;

export function connectRealtime(o: RealtimeConnectionOptions): { close: () => void; lastId: () => string | null } {
  const url = o.url ?? "/api/events";
  const create = o.create ?? ((u: string) => new EventSource(u) as unknown as EventSourceLike);
  const minMs = o.minBackoffMs ?? 1_000;
  const maxMs = o.maxBackoffMs ?? 30_000;
  let lastId: string | null = null;
  let source: EventSourceLike | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let attempt = 0;
  let closed = false;

  const open = () => {
    if (closed) return;
    const es = create(lastId === null ? url : `${url}?after=${encodeURIComponent(lastId)}`);
    source = es;
    const track = (ev: { lastEventId: string }) => {
      if (ev.lastEventId) lastId = ev.lastEventId;
    };
    es.addEventListener("ready", (ev) => {
      track(ev);
      attempt = 0;
      o.onStatus("connected");
    });
    es.addEventListener("reset", (ev) => {
      track(ev);
      o.onReset();
    });
    for (const type of Object.keys(REALTIME_EVENTS) as RealtimeEventType[]) {
      es.addEventListener(type, (ev) => {
        track(ev);
        let data: unknown;
        try {
          data = JSON.parse(ev.data);
        } catch {
          return;
        }
        const parsed = REALTIME_EVENTS[type].safeParse(data);
        if (parsed.success) o.dispatch(type, parsed.data as RealtimePayload<typeof type>, { seq: Number(ev.lastEventId) });
      });
    }
    es.onerror = () => {
      if (closed || source !== es) return;
      o.onStatus("reconnecting");
      if (es.readyState !== CLOSED) return; // the browser is retrying with Last-Event-ID
      es.close();
      const delay = Math.min(maxMs, minMs * 2 ** attempt++) * (0.8 + Math.random() * 0.4);
      timer = setTimeout(open, delay);
    };
  };

  o.onStatus("connecting");
  open();
  return {
    lastId: () => lastId,
    close: () => {
      closed = true;
      if (timer) clearTimeout(timer);
      source?.close();
    },
  };
}
