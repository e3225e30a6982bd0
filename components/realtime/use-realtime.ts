"use client";

import { useQueryClient, type QueryClient } from "@tanstack/react-query";
import { useContext, useEffect, useRef } from "react";
import type { RealtimeEventType } from "@/lib/realtime/events";
import { RealtimeContext, type OnEvent, type RealtimeHandler } from "./realtime-provider";
import type { RealtimeStatus } from "./realtime-connection";

function useRealtimeContext() {
  const ctx = useContext(RealtimeContext);
  if (!ctx) throw new Error("useRealtime needs <RealtimeProvider> (the signed-in layout has it)");
  return ctx;
}

/** Calls `handler` for every `type` event while the component is mounted (the latest handler: no resubscribing). */
export function useRealtime<K extends RealtimeEventType>(type: K, handler: RealtimeHandler<K>): void {
  const { onEvent } = useRealtimeContext();
  const latest = useRef(handler);
  useEffect(() => {
    latest.current = handler;
  });
  useEffect(() => onEvent(type, (payload, meta) => latest.current(payload, meta)), [onEvent, type]);
}

export function useRealtimeStatus(): RealtimeStatus {
  return useRealtimeContext().status;
}

/**
 * How a resource module keeps its query cache live: it exports a binding (module level, so
 * it is stable) that writes pushes into the cache, and a component mounts it.
 *
 *   export const presenceLive: RealtimeBinding = (onEvent, queryClient) => {
 *     onEvent("presence.changed", (e) => queryClient.setQueryData(presenceQuery(e.staffId).queryKey, e));
 *   };
 *   useRealtimeBinding(presenceLive);
 */
export type RealtimeBinding = (onEvent: OnEvent, queryClient: QueryClient) => void;

export function useRealtimeBinding(bind: RealtimeBinding): void {
  const { onEvent } = useRealtimeContext();
  const queryClient = useQueryClient();
  useEffect(() => {
    const offs: (() => void)[] = [];
    bind((type, handler) => {
      const off = onEvent(type, handler);
      offs.push(off);
      return off;
    }, queryClient);
    return () => offs.forEach((off) => off());
  }, [bind, onEvent, queryClient]);
}
