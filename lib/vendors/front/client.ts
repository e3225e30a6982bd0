/**
 * The part of Front's core API the comms sync reads: GET /events, oldest first, between two
 * times (Unix seconds, at most three decimals), 15 a page (Front's maximum), following
 * _pagination.next. Requests go through the process's Front budget (lib/sync/vendor-http.ts).
 */
import { z } from "zod";
import type { RequestBudget } from "@/lib/sync/request-budget";
import { vendorGet, type HttpCounters, type VendorHttp } from "@/lib/sync/vendor-http";
import { frontEvent, type FrontEvent } from "./webhooks";

export const FRONT_API_URL = "https://api2.frontapp.com";
export const FRONT_EVENTS_PAGE = 15;

const eventsPage = z.looseObject({
  _pagination: z.looseObject({ next: z.string().nullish() }).nullish(),
  _results: z.array(frontEvent),
});

export interface FrontApi {
  baseUrl: string;
  http: VendorHttp;
}

export function frontApi(baseUrl: string, token: string | undefined, budget: RequestBudget): FrontApi {
  return {
    baseUrl: baseUrl.replace(/\/+$/, ""),
    http: { budget, headers: token ? { authorization: `Bearer ${token}` } : {}, resetHeader: "x-ratelimit-reset", remainingHeader: "x-ratelimit-remaining" },
  };
}

/** Seconds with three decimals, as Front takes them; rounded down, so nothing is skipped. */
export const frontSeconds = (ms: number) => (Math.floor(ms) / 1000).toFixed(3);

export function firstEventsUrl(api: FrontApi, afterMs: number, beforeMs: number): string {
  const q = new URLSearchParams({ "q[after]": frontSeconds(afterMs), "q[before]": frontSeconds(beforeMs), sort_by: "created_at", sort_order: "asc", limit: String(FRONT_EVENTS_PAGE) });
  return `${api.baseUrl}/events?${q.toString()}`;
}

export async function fetchEventsPage(api: FrontApi, url: string, counters: HttpCounters): Promise<{ events: FrontEvent[]; next: string | null }> {
  const parsed = eventsPage.safeParse(await vendorGet(api.http, url, counters));
  if (!parsed.success) throw new Error(`Front /events answered an unexpected page: ${parsed.error.issues[0]?.message ?? "?"}`);
  return { events: parsed.data._results, next: parsed.data._pagination?.next ?? null };
}
