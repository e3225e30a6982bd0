import { queryOptions } from "@tanstack/react-query";
import type { RealtimeBinding } from "@/components/realtime/use-realtime";
import type { ScreenPop } from "@/lib/softphone/screen-pop";
import type { ThreadMessage } from "@/lib/softphone/sms-thread";
import type { PresenceState } from "@/lib/staff/presence";

async function get<T>(path: string): Promise<T> {
  const res = await fetch(path, { credentials: "same-origin", cache: "no-store" });
  if (!res.ok) throw new Error(`${path}: ${res.status}`);
  return (await res.json()) as T;
}

export type TeamMember = PresenceState & { name: string };
export type PersonHit = { id: string; name: string; email: string | null; phone: string | null };

/** Server state of the softphone, one entry per resource (keys under "softphone"). */
export const softphoneQueries = {
  all: ["softphone"] as const,
  pop: (callId: string) =>
    queryOptions({ queryKey: [...softphoneQueries.all, "pop", callId] as const, queryFn: () => get<ScreenPop>(`/api/softphone/calls/${callId}/pop`), staleTime: 30_000 }),
  team: () => queryOptions({ queryKey: [...softphoneQueries.all, "team"] as const, queryFn: async () => (await get<{ team: TeamMember[] }>("/api/softphone/team")).team, refetchInterval: 15_000 }),
  presence: () => queryOptions({ queryKey: [...softphoneQueries.all, "presence"] as const, queryFn: async () => (await get<{ state: PresenceState }>("/api/softphone/presence")).state }),
  sms: (personId: string) =>
    queryOptions({
      queryKey: [...softphoneQueries.all, "sms", personId] as const,
      queryFn: async () => (await get<{ messages: ThreadMessage[] }>(`/api/softphone/people/${personId}/sms`)).messages,
      refetchInterval: 5_000,
    }),
  people: (q: string) =>
    queryOptions({
      queryKey: [...softphoneQueries.all, "people", q] as const,
      queryFn: async () => (await get<{ people: PersonHit[] }>(`/api/softphone/people?q=${encodeURIComponent(q)}`)).people,
      enabled: q.trim().length >= 2,
    }),
};

/** Pushes keep the softphone's server state live: presence moves the team list and one's own shift bar at once. */
export const softphoneLive: RealtimeBinding = (onEvent, qc) => {
  onEvent("presence.changed", (e) => {
    qc.setQueryData(softphoneQueries.team().queryKey, (team) => team?.map((m) => (m.staffId === e.staffId ? { ...m, presence: e.presence, changedAt: e.at } : m)));
    void qc.invalidateQueries({ queryKey: softphoneQueries.presence().queryKey });
  });
};
