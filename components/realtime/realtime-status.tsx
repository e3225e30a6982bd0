"use client";

import { useRealtimeStatus } from "./use-realtime";

const TEXT = {
  connecting: "Connecting live updates…",
  connected: "Live updates on.",
  reconnecting: "Live updates interrupted. Reconnecting…",
} as const;

/**
 * The push connection's state, in a polite live region: screen readers hear when live
 * updates drop and come back; sighted users see a notice only while they are down.
 */
export function RealtimeStatus() {
  const status = useRealtimeStatus();
  const visible = status === "reconnecting";
  return (
    <p
      role="status"
      aria-live="polite"
      data-testid="realtime-status"
      data-status={status}
      className={visible ? "mb-4 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-800" : "sr-only"}
    >
      {TEXT[status]}
    </p>
  );
}
