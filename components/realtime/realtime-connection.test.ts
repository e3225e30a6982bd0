import { afterEach, describe, expect, it, vi } from "vitest";
import { connectRealtime, type EventSourceLike, type RealtimeStatus } from "./realtime-connection";

const STAFF = "4a1e1a2b-0c1d-4e5f-8a9b-0c1d2e3f4a5b";

class FakeEventSource implements EventSourceLike {
  static made: FakeEventSource[] = [];
  readyState = 0;
  onerror: ((ev: unknown) => void) | null = null;
  closed = false;
  private listeners = new Map<string, ((ev: { data: string; lastEventId: string }) => void)[]>();
  constructor(public url: string) {
    FakeEventSource.made.push(this);
  }
  addEventListener(type: string, l: (ev: { data: string; lastEventId: string }) => void) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), l]);
  }
  close() {
    this.closed = true;
    this.readyState = 2;
  }
  emit(type: string, id: string, data: unknown) {
    for (const l of this.listeners.get(type) ?? []) l({ data: JSON.stringify(data), lastEventId: id });
  }
  fail(readyState: number) {
    this.readyState = readyState;
    this.onerror?.({});
  }
}

function setup() {
  FakeEventSource.made = [];
  const statuses: RealtimeStatus[] = [];
  const got: [string, unknown, number][] = [];
  const resets: number[] = [];
  const conn = connectRealtime({
    create: (u) => new FakeEventSource(u),
    dispatch: (type, payload, meta) => got.push([type, payload, meta.seq]),
    onReset: () => resets.push(1),
    onStatus: (s) => statuses.push(s),
    minBackoffMs: 100,
  });
  return { conn, statuses, got, resets, es: () => FakeEventSource.made.at(-1)! };
}

const changed = { staffId: STAFF, presence: "busy", at: "2025-01-01T00:00:00.000Z" };

describe("connectRealtime", () => {
  afterEach(() => vi.useRealTimers());

  it("dispatches valid events by type, drops malformed ones, and is connected once ready", () => {
    const { got, statuses, es, conn } = setup();
    expect(es().url).toBe("/api/events");
    es().emit("ready", "7", { replayed: 0 });
    es().emit("presence.changed", "8", changed);
    es().emit("presence.changed", "9", { staffId: "nope" });
    expect(got).toEqual([["presence.changed", changed, 8]]);
    expect(statuses).toEqual(["connecting", "connected"]);
    expect(conn.lastId()).toBe("9");
  });

  it("lets the browser retry a dropped stream itself, and rebuilds one it gave up on with ?after=", () => {
    vi.useFakeTimers();
    const { statuses, es, resets } = setup();
    const first = es();
    first.emit("presence.changed", "41", changed);
    first.fail(0);
    expect(statuses.at(-1)).toBe("reconnecting");
    expect(FakeEventSource.made).toHaveLength(1);
    first.fail(2);
    vi.advanceTimersByTime(200);
    expect(FakeEventSource.made).toHaveLength(2);
    expect(es().url).toBe("/api/events?after=41");
    es().emit("reset", "50", { cursor: 50 });
    expect(resets).toEqual([1]);
    es().emit("ready", "50", {});
    expect(statuses.at(-1)).toBe("connected");
  });

  it("closes for good when asked, and never rebuilds after that", () => {
    vi.useFakeTimers();
    const { conn, es } = setup();
    const first = es();
    conn.close();
    first.fail(2);
    vi.advanceTimersByTime(60_000);
    expect(first.closed).toBe(true);
    expect(FakeEventSource.made).toHaveLength(1);
  });
});
