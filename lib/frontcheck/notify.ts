/**
 * How an incident reaches people beyond the app's banner. The email alert is a hook: an
 * implementation of IncidentEmail (SMTP, a provider's API) is handed to the monitor; the
 * default writes the alert to the log.
 */
import type { Logger } from "@/lib/log/logger";

export interface IncidentView {
  id: string;
  startedAt: Date;
  detectedAt: Date;
  clearedAt: Date | null;
  eventsRecovered: number;
}

export interface IncidentEmail {
  opened(incident: IncidentView): Promise<void>;
  cleared(incident: IncidentView): Promise<void>;
}

export function loggingIncidentEmail(log: Logger): IncidentEmail {
  return {
    opened: async (i) => log.warn({ incidentId: i.id, startedAt: i.startedAt.toISOString(), detectedAt: i.detectedAt.toISOString(), eventsRecovered: i.eventsRecovered }, "FrontCheck: the Front webhook looks down (email alert)"),
    cleared: async (i) => log.info({ incidentId: i.id, clearedAt: i.clearedAt?.toISOString(), eventsRecovered: i.eventsRecovered }, "FrontCheck: Front webhook deliveries resumed (email alert)"),
  };
}
