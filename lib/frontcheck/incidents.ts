/** Reading FrontCheck's incidents: the open one (the app's banner) and the history (the status page). */
import type { Db } from "@/lib/db/client";
import type { IncidentView } from "./notify";

export async function openIncident(db: Db): Promise<IncidentView | null> {
  const row = await db.frontCheckIncident.findFirst({ where: { clearedAt: null } });
  return row ? { id: row.id, startedAt: row.startedAt, detectedAt: row.detectedAt, clearedAt: null, eventsRecovered: row.eventsRecovered } : null;
}

export type IncidentHistoryRow = IncidentView & { alerted: string };

export async function incidentHistory(db: Db, limit = 20): Promise<IncidentHistoryRow[]> {
  const rows = await db.frontCheckIncident.findMany({ orderBy: { detectedAt: "desc" }, take: limit });
  return rows.map((r) => ({
    id: r.id,
    startedAt: r.startedAt,
    detectedAt: r.detectedAt,
    clearedAt: r.clearedAt,
    eventsRecovered: r.eventsRecovered,
    alerted: r.alertSmsInteractionId ? "SMS to on-call, email hook" : `email hook only (${r.alertNote ?? "no SMS"})`,
  }));
}
