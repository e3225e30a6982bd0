import { queryOptions } from "@tanstack/react-query";
import type { MergeAuditRow, ReviewPage } from "@/lib/identity/db/review-queue";

async function getJson<T>(url: string, what: string): Promise<T> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`could not load ${what} (${res.status})`);
  return (await res.json()) as T;
}

export type MergeFilters = { action?: string; by?: string };

/** Merge review's server state: the possible-match queue and recent merges (keys under "review"). */
export const reviewQueries = {
  all: ["review"] as const,
  matches: (cursor: string | null) => queryOptions({ queryKey: [...reviewQueries.all, "matches", cursor] as const, queryFn: () => getJson<ReviewPage>(`/api/review/matches?limit=25${cursor ? `&cursor=${cursor}` : ""}`, "possible matches") }),
  merges: (filters: MergeFilters) =>
    queryOptions({
      queryKey: [...reviewQueries.all, "merges", filters] as const,
      queryFn: async () => (await getJson<{ merges: MergeAuditRow[] }>(`/api/review/merges?${new URLSearchParams(Object.entries(filters).filter((e): e is [string, string] => Boolean(e[1])))}`, "recent merges")).merges,
    }),
};
