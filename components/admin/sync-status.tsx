import type { IncidentHistoryRow } from "@/lib/frontcheck/incidents";
import type { SyncStatusView } from "@/lib/sync/status-view";
import { EmptyState } from "@/components/empty-state";

const when = (d: Date | null) => (d ? d.toISOString().replace("T", " ").slice(0, 19) + " UTC" : "—");
const LABEL: Record<string, string> = { "front.events": "Front events", "aircall.calls": "Aircall calls" };
const th = "px-3 py-2 text-left font-medium";
const td = "px-3 py-2";

/** Each sync's cursor, lag and counters (a server component: reload for fresh figures). */
export function SyncStatusTable({ syncs }: { syncs: SyncStatusView[] }) {
  if (syncs.length === 0) return <EmptyState title="No sync has run yet">A worker runs each configured vendor sync every few seconds; its progress shows here.</EmptyState>;
  return (
    <section aria-labelledby="syncs-heading" className="mb-8">
      <h2 id="syncs-heading" className="mb-2 text-lg font-semibold">Syncs</h2>
      <div className="overflow-x-auto">
        <table className="min-w-full text-sm" data-testid="sync-status">
          <thead className="bg-slate-100 text-slate-700">
            <tr>
              <th scope="col" className={th}>Sync</th>
              <th scope="col" className={th}>Cursor</th>
              <th scope="col" className={th}>Lag</th>
              <th scope="col" className={th}>Events seen</th>
              <th scope="col" className={th}>Recovered</th>
              <th scope="col" className={th}>Requests (429s)</th>
              <th scope="col" className={th}>Last pass</th>
              <th scope="col" className={th}>Running on</th>
            </tr>
          </thead>
          <tbody>
            {syncs.map((s) => (
              <tr key={s.name} className="border-b border-slate-200" data-sync={s.name}>
                <th scope="row" className={th}>{LABEL[s.name] ?? s.name}</th>
                <td className={td}>{when(s.cursorAt)}</td>
                <td className={td} data-testid="sync-lag">{s.lagS === null ? "—" : `${s.lagS} s`}</td>
                <td className={td}>{s.eventsSeen}</td>
                <td className={td} data-testid="sync-recovered">{s.eventsRecovered}</td>
                <td className={td}>{s.requests} ({s.rateLimited})</td>
                <td className={td}>
                  {when(s.lastPassAt)}
                  {s.lastError && <span className="block text-red-800">Failed: {s.lastError}</span>}
                </td>
                <td className={td}>{s.runningOn ?? "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** FrontCheck's incidents, newest first. */
export function IncidentHistory({ incidents }: { incidents: IncidentHistoryRow[] }) {
  return (
    <section aria-labelledby="incidents-heading">
      <h2 id="incidents-heading" className="mb-2 text-lg font-semibold">FrontCheck incidents</h2>
      {incidents.length === 0 ? (
        <p className="text-sm text-slate-600">None: every event the sync found, a webhook had delivered.</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="min-w-full text-sm" data-testid="incident-history">
            <thead className="bg-slate-100 text-slate-700">
              <tr>
                <th scope="col" className={th}>Started (first missed event)</th>
                <th scope="col" className={th}>Detected</th>
                <th scope="col" className={th}>Cleared</th>
                <th scope="col" className={th}>Events recovered</th>
                <th scope="col" className={th}>Alerts</th>
              </tr>
            </thead>
            <tbody>
              {incidents.map((i) => (
                <tr key={i.id} className="border-b border-slate-200">
                  <td className={td}>{when(i.startedAt)}</td>
                  <td className={td}>{when(i.detectedAt)}</td>
                  <td className={td}>{i.clearedAt ? when(i.clearedAt) : <strong className="text-red-800">open</strong>}</td>
                  <td className={td}>{i.eventsRecovered}</td>
                  <td className={td}>{i.alerted}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
