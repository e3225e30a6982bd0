import { describe, expect, it } from "vitest";
import { listCalls, parseCallsQuery, simCall, callAt } from "./calls-api";

const agent = { id: 5 };
const at = (minute: number) => new Date(Date.UTC(2026, 2, 1, 9, minute));
const s = (d: Date) => d.getTime() / 1000;

describe("the Aircall simulator's GET /v1/calls", () => {
  const calls = Array.from({ length: 7 }, (_, i) => simCall({ from: `+6141200000${i}`, to: agent, at: at(i), callId: 100 + i }));
  const later = s(at(60));

  it("filters on creation time (inclusive), pages with next_page_link, and keeps the filters in it", () => {
    const q = parseCallsQuery(new URLSearchParams({ from: String(s(at(2))), to: String(s(at(5))), per_page: "3" }));
    if (!q.ok) throw new Error(q.message);
    const first = listCalls(calls, q, later, "http://sim");
    expect(first.calls.map((c) => c!.id)).toEqual([102, 103, 104]);
    expect(first.meta).toMatchObject({ count: 3, total: 4, current_page: 1, per_page: 3, previous_page_link: null });
    const next = new URL(first.meta.next_page_link!);
    expect(Object.fromEntries(next.searchParams)).toEqual({ page: "2", per_page: "3", order: "asc", from: String(s(at(2))), to: String(s(at(5))) });
    const q2 = parseCallsQuery(next.searchParams);
    if (!q2.ok) throw new Error(q2.message);
    const second = listCalls(calls, q2, later, "http://sim");
    expect(second.calls.map((c) => c!.id)).toEqual([105]);
    expect(second.meta.next_page_link).toBeNull();
  });

  it("refuses per_page above 50 and malformed times", () => {
    expect(parseCallsQuery(new URLSearchParams({ per_page: "51" }))).toMatchObject({ ok: false });
    expect(parseCallsQuery(new URLSearchParams({ per_page: "50" }))).toMatchObject({ ok: true, perPage: 50 });
    expect(parseCallsQuery(new URLSearchParams({ from: "yesterday" }))).toMatchObject({ ok: false });
  });

  it("shows a call as it stands: in progress, then done once it has ended", () => {
    const call = calls[0]!;
    expect(callAt(call, s(at(0)) - 1)).toBeNull();
    expect(callAt(call, s(at(0)) + 10)).toMatchObject({ status: "answered" });
    expect(callAt(call, later)).toMatchObject({ status: "done", recording: expect.stringContaining("recording") });
  });
});
