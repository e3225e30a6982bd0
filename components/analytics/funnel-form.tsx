import { MILESTONE_KINDS, MILESTONE_LABELS } from "@/lib/analytics/milestones";
import type { FunnelParams } from "@/lib/analytics/funnel-params";

const field = "rounded-md border border-slate-300 px-3 py-2 text-sm";

/** A plain GET form: the choice lives in the URL, so a funnel can be bookmarked and shared. */
export function FunnelForm({ params, csvHref }: { params: FunnelParams; csvHref: string }) {
  return (
    <form method="get" className="mb-4 flex flex-wrap items-end gap-3 rounded-xl bg-white p-4 shadow-sm" aria-label="Funnel">
      {(["from", "to"] as const).map((name) => (
        <label key={name} className="flex flex-col text-sm">
          {name === "from" ? "From milestone" : "To milestone"}
          <select name={name} defaultValue={params[name]} className={field}>
            {MILESTONE_KINDS.map((k) => (
              <option key={k} value={k}>
                {MILESTONE_LABELS[k]}
              </option>
            ))}
          </select>
        </label>
      ))}
      <label className="flex flex-col text-sm">
        First cohort
        <input type="month" name="since" defaultValue={params.since} className={field} />
      </label>
      <label className="flex flex-col text-sm">
        Last cohort
        <input type="month" name="until" defaultValue={params.until} className={field} />
      </label>
      <button className="rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700">Show</button>
      <a href={csvHref} download className="rounded-md border border-brand-600 px-4 py-2 text-sm font-medium text-brand-700 hover:bg-brand-50">
        Download CSV
      </a>
    </form>
  );
}
