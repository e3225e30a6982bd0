import { infiniteQueryOptions, queryOptions } from "@tanstack/react-query";
import type { OutboundSms } from "@/lib/interactions/outbound-sms/view";
import type { TimelinePage } from "@/lib/people/timeline";

/** Timeline filters as the API takes them (kinds comma-separated, staff id, from/to days). */
export type TimelineFilters = { kinds?: string; staff?: string; from?: string; to?: string };

/** Server state of a person's page, one entry per resource (keys hierarchical under "people"). */
export const personQueries = {
  all: ["people"] as const,
  timelines: (personId: string) => [...personQueries.all, "timeline", personId] as const,
  timeline: (personId: string, filters: TimelineFilters) =>
    infiniteQueryOptions({
      queryKey: [...personQueries.timelines(personId), filters] as const,
      queryFn: async ({ pageParam }): Promise<TimelinePage> => {
        const qs = new URLSearchParams(Object.entries(filters).filter((e): e is [string, string] => Boolean(e[1])));
        if (pageParam) qs.set("cursor", pageParam);
        const res = await fetch(`/api/people/${personId}/timeline?${qs}`);
        if (!res.ok) throw new Error(`could not load the timeline (${res.status})`);
        return (await res.json()) as TimelinePage;
      },
      initialPageParam: null as string | null,
      getNextPageParam: (last) => last.nextCursor,
    }),
  outboundSms: (personId: string, interactionId: string) =>
    queryOptions({
      queryKey: [...personQueries.all, "sms", personId, interactionId] as const,
      queryFn: async (): Promise<OutboundSms> => {
        const res = await fetch(`/api/people/${personId}/sms/${interactionId}`);
        if (!res.ok) throw new Error(`could not load the message's status (${res.status})`);
        return (await res.json()) as OutboundSms;
      },
    }),
};
