"use client";

import { useState } from "react";
import type { RealtimePayload } from "@/lib/realtime/events";
import { useRealtime } from "@/components/realtime/use-realtime";

export type IncidentBannerState = { incidentId: string; startedAt: string; eventsRecovered: number } | null;

const time = (iso: string) => new Date(iso).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });

/**
 * FrontCheck's banner, above every signed-in page: shown while the Front webhook is inferred
 * down (the layout renders the open incident; pushes open and clear it live), in an assertive
 * live region so a screen reader hears it at once.
 */
export function IncidentBanner({ initial }: { initial: IncidentBannerState }) {
  const [incident, setIncident] = useState<IncidentBannerState>(initial);
  useRealtime("frontcheck.incident", (e: RealtimePayload<"frontcheck.incident">) =>
    setIncident(e.state === "open" ? { incidentId: e.incidentId, startedAt: e.startedAt, eventsRecovered: e.eventsRecovered } : null),
  );
  return (
    <div role="alert" aria-live="assertive" data-testid="frontcheck-banner" data-state={incident ? "open" : "none"}>
      {incident && (
        <p className="mb-4 rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900">
          <strong className="font-semibold">Front webhook down since {time(incident.startedAt)}.</strong> Emails and messages reach
          Switchboard only through the backup sync, up to a minute late ({incident.eventsRecovered} recovered so far). Re-enable the
          webhook in Front.
        </p>
      )}
    </div>
  );
}
