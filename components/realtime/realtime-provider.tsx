"use client";

import { useQueryClient } from "@tanstack/react-query";
import { createContext, useEffect, useMemo, useState } from "react";
import type { RealtimeEventType, RealtimePayload } from "@/lib/realtime/events";
import { connectRealtime, type RealtimeStatus } from "./realtime-connection";

export type RealtimeHandler<K extends RealtimeEventType> = (payload: RealtimePayload<K>, meta: { seq: number }) => void;

/** Subscribe to one event type; returns the unsubscribe. */
export type OnEvent = <K extends RealtimeEventType>(type: K, handler: RealtimeHandler<K>) => () => void;

type Registry = Map<RealtimeEventType, Set<RealtimeHandler<never>>>;

export const RealtimeContext = createContext<{ onEvent: OnEvent; status: RealtimeStatus } | null>(null);

function makeOnEvent(registry: Registry): OnEvent {
  return (type, handler) => {
    let set = registry.get(type);
    if (!set) registry.set(type, (set = new Set()));
    const h = handler as RealtimeHandler<never>;
    set.add(h);
    return () => void set.delete(h);
  };
}

/**
 * One EventSource for the tab (signed-in pages only), its status, and the handlers that
 * resource modules register (see use-realtime.ts). A `reset` (the gap could not be
 * replayed) invalidates every query, so each resource refetches what it shows.
 */
export function RealtimeProvider({ children }: { children: React.ReactNode }) {
  const queryClient = useQueryClient();
  const [registry] = useState<Registry>(() => new Map());
  const [onEvent] = useState<OnEvent>(() => makeOnEvent(registry));
  const [status, setStatus] = useState<RealtimeStatus>("connecting");

  useEffect(() => {
    const connection = connectRealtime({
      dispatch: (type, payload, meta) => {
        for (const handler of registry.get(type) ?? []) {
          try {
            (handler as RealtimeHandler<typeof type>)(payload, meta);
          } catch (e) {
            console.error(`realtime handler for ${type} failed`, e);
          }
        }
      },
      onReset: () => void queryClient.invalidateQueries(),
      onStatus: setStatus,
    });
    return () => connection.close();
  }, [queryClient, registry]);

  const value = useMemo(() => ({ onEvent, status }), [onEvent, status]);
  return <RealtimeContext.Provider value={value}>{children}</RealtimeContext.Provider>;
}
