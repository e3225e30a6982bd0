import { queryOptions } from "@tanstack/react-query";
import type { OutboundSms } from "@/lib/interactions/outbound-sms/view";

/** Server state of a person's page, one entry per resource (keys hierarchical under "people"). */
export const personQueries = {
  all: ["people"] as const,
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
