import { infiniteQueryOptions } from "@tanstack/react-query";
import type { PeoplePage } from "@/lib/people/search-people";

export type PeopleFilters = Record<string, string>;

async function getJson<T>(url: string, what: string): Promise<T> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`could not load ${what} (${res.status})`);
  return (await res.json()) as T;
}

/** The people list, one keyset page at a time (keys under "people", beside the person page's). */
export const peopleListQueries = {
  all: ["people", "list"] as const,
  list: (filters: PeopleFilters) =>
    infiniteQueryOptions({
      queryKey: [...peopleListQueries.all, filters] as const,
      queryFn: ({ pageParam }) => {
        const qs = new URLSearchParams(filters);
        if (pageParam) qs.set("cursor", pageParam);
        return getJson<PeoplePage>(`/api/people?${qs}`, "people");
      },
      initialPageParam: null as string | null,
      getNextPageParam: (last) => last.nextCursor,
    }),
};
