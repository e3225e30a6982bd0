// The Aircall simulator's calls as Aircall's REST API shows them: GET /v1/calls lists calls by
// creation time (from/to: Unix seconds, inclusive), per_page at most 50, page numbers, and
// meta.next_page_link; each call as it stands at the moment asked (the data of its latest
// webhook so far: in progress, hung up, or final once call.ended is due).
import { aircallCallEvents, type AircallCallSpec, type AircallEventBody } from "./simulator";

export const AIRCALL_MAX_PER_PAGE = 50;

export interface SimCall {
  id: number;
  startedAt: number;
  events: AircallEventBody[];
}

export function simCall(spec: AircallCallSpec): SimCall {
  const events = aircallCallEvents(spec);
  const first = events[0]!;
  return { id: first.data.id as number, startedAt: first.timestamp, events };
}

/** The call as the API would return it at `nowS`, or null before it started. */
export function callAt(call: SimCall, nowS: number): Record<string, unknown> | null {
  const latest = call.events.filter((e) => e.timestamp <= nowS).at(-1);
  return latest ? latest.data : null;
}

export type CallsQuery = { ok: true; from?: number; to?: number; perPage: number; page: number; order: "asc" | "desc" } | { ok: false; message: string };

export function parseCallsQuery(q: URLSearchParams): CallsQuery {
  const int = (name: string) => {
    const raw = q.get(name);
    if (raw === null) return { ok: true as const, value: undefined };
    return /^\d+$/.test(raw) ? { ok: true as const, value: Number(raw) } : { ok: false as const, message: `${name} must be a Unix timestamp or a positive integer` };
  };
  const from = int("from");
  const to = int("to");
  const perPage = int("per_page");
  const page = int("page");
  for (const p of [from, to, perPage, page]) if (!p.ok) return p;
  const per = perPage.value ?? 20;
  if (per < 1 || per > AIRCALL_MAX_PER_PAGE) return { ok: false, message: `per_page must be from 1 to ${AIRCALL_MAX_PER_PAGE}` };
  const order = q.get("order") ?? "asc";
  if (order !== "asc" && order !== "desc") return { ok: false, message: "order must be asc or desc" };
  return { ok: true, from: from.value, to: to.value, perPage: per, page: Math.max(1, page.value ?? 1), order };
}

export function listCalls(calls: SimCall[], query: Extract<CallsQuery, { ok: true }>, nowS: number, base: string) {
  const matching = calls
    .filter((c) => c.startedAt <= nowS && (query.from === undefined || c.startedAt >= query.from) && (query.to === undefined || c.startedAt <= query.to))
    .sort((a, b) => (query.order === "asc" ? 1 : -1) * (a.startedAt - b.startedAt || a.id - b.id));
  const start = (query.page - 1) * query.perPage;
  const page = matching.slice(start, start + query.perPage);
  const link = (n: number) => {
    const q = new URLSearchParams({ page: String(n), per_page: String(query.perPage), order: query.order });
    if (query.from !== undefined) q.set("from", String(query.from));
    if (query.to !== undefined) q.set("to", String(query.to));
    return `${base}/v1/calls?${q.toString()}`;
  };
  return {
    calls: page.map((c) => callAt(c, nowS)),
    meta: {
      count: page.length,
      total: matching.length,
      current_page: query.page,
      per_page: query.perPage,
      next_page_link: start + query.perPage < matching.length ? link(query.page + 1) : null,
      previous_page_link: query.page > 1 ? link(query.page - 1) : null,
    },
  };
}
