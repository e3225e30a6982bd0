/**
 * The part of Aircall's API the backstop reads: GET /v1/calls by creation time (from/to, Unix
 * seconds), 50 a page (Aircall's maximum), following meta.next_page_link, within the process's
 * Aircall budget (60 requests a minute per company; X-AircallApi-* headers).
 */
import { z } from "zod";
import type { RequestBudget } from "@/lib/sync/request-budget";
import { vendorGet, type HttpCounters, type VendorHttp } from "@/lib/sync/vendor-http";
import { aircallCall, type AircallCall } from "./webhooks";

export const AIRCALL_PER_PAGE = 50;

const callsPage = z.looseObject({
  calls: z.array(aircallCall),
  meta: z.looseObject({ next_page_link: z.string().nullish() }),
});

export interface AircallApi {
  baseUrl: string;
  http: VendorHttp;
}

export function aircallApi(baseUrl: string, apiId: string | undefined, apiToken: string | undefined, budget: RequestBudget): AircallApi {
  const auth: Record<string, string> = apiId && apiToken ? { authorization: `Basic ${Buffer.from(`${apiId}:${apiToken}`).toString("base64")}` } : {};
  return { baseUrl: baseUrl.replace(/\/+$/, ""), http: { budget, headers: auth, resetHeader: "x-aircallapi-reset", remainingHeader: "x-aircallapi-remaining" } };
}

export function firstCallsUrl(api: AircallApi, fromS: number, toS: number): string {
  const q = new URLSearchParams({ from: String(fromS), to: String(toS), per_page: String(AIRCALL_PER_PAGE), order: "asc" });
  return `${api.baseUrl}/v1/calls?${q.toString()}`;
}

export async function fetchCallsPage(api: AircallApi, url: string, counters: HttpCounters): Promise<{ calls: AircallCall[]; raw: Record<string, unknown>[]; next: string | null }> {
  const body = await vendorGet(api.http, url, counters);
  const parsed = callsPage.safeParse(body);
  if (!parsed.success) throw new Error(`Aircall /v1/calls answered an unexpected page: ${parsed.error.issues[0]?.message ?? "?"}`);
  return { calls: parsed.data.calls, raw: (body as { calls: Record<string, unknown>[] }).calls, next: parsed.data.meta.next_page_link ?? null };
}
