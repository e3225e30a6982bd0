"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { reviewQueries, type MergeFilters } from "./queries";

const field = "rounded-md border border-slate-400 bg-white px-2 py-1 text-sm max-w-full min-w-0";

/** Recent merges, filterable; each opens the person's merge history (its waterfall and the un-merge). */
export function RecentMerges() {
  const [filters, setFilters] = useState<MergeFilters>({ action: "merge" });
  const { data, isLoading, error } = useQuery(reviewQueries.merges(filters));
  return (
    <section aria-labelledby="recent-merges" className="mt-8">
      <h2 id="recent-merges" className="mb-2 text-lg font-medium">
        Recent merges
      </h2>
      <div className="mb-2 flex flex-wrap gap-3 text-sm" role="group" aria-label="Merge filters">
        <label className="flex items-center gap-1">
          Action
          <select value={filters.action ?? ""} onChange={(e) => setFilters((f) => ({ ...f, action: e.target.value || undefined }))} className={field}>
            <option value="">All</option>
            <option value="merge">Merges</option>
            <option value="attach">Attaches</option>
            <option value="split">Splits</option>
            <option value="unmerge">Un-merges</option>
          </select>
        </label>
        <label className="flex min-w-0 max-w-full items-center gap-1">
          By
          <select value={filters.by ?? ""} onChange={(e) => setFilters((f) => ({ ...f, by: e.target.value || undefined }))} className={field}>
            <option value="">Anyone</option>
            <option value="engine">The engine (automatic)</option>
            <option value="ops">Ops</option>
          </select>
        </label>
      </div>
      {isLoading && <p className="text-sm text-slate-600">Loading…</p>}
      {error && <p role="alert" className="text-sm text-red-700">{error.message}</p>}
      {data && data.length === 0 && <p className="text-sm text-slate-600">None.</p>}
      {data && data.length > 0 && (
        <div className="overflow-x-auto rounded-xl shadow-sm">
          <table className="w-full bg-white text-sm">
            <caption className="sr-only">Recent merges</caption>
            <thead className="text-left text-slate-600">
              <tr>
                <th className="p-2">When</th>
                <th className="p-2">Person</th>
                <th className="p-2">Action</th>
                <th className="p-2">Probability</th>
                <th className="p-2">By</th>
              </tr>
            </thead>
            <tbody>
              {data.map((m) => (
                <tr key={m.id} className="border-t border-slate-100">
                  <td className="p-2 whitespace-nowrap">{m.createdAt.slice(0, 16).replace("T", " ")}</td>
                  <td className="p-2">
                    {m.personId ? (
                      <a className="underline" href={`/people/${m.personId}#merge-${m.id}`}>
                        {m.personName ?? "(no name)"}: evidence and un-merge
                      </a>
                    ) : (
                      "(gone)"
                    )}
                  </td>
                  <td className="p-2">
                    {m.action} · {m.records} record{m.records === 1 ? "" : "s"}
                    {m.undone && " (undone)"}
                  </td>
                  <td className="p-2">{m.probability != null ? `${(m.probability * 100).toFixed(1)}%` : "—"}</td>
                  <td className="p-2">{m.actor}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
