"use client";

import { useState } from "react";
import { postJson, when, type Decision } from "./types";

/** Recent ops decisions, each undoable. */
export function DecisionLog({ decisions, onChange }: { decisions: Decision[]; onChange: () => void }) {
  const [error, setError] = useState<string | null>(null);
  if (decisions.length === 0) return null;
  async function undo(id: string) {
    setError(null);
    try {
      await postJson(`/api/unidentified/decisions/${id}/undo`);
      onChange();
    } catch (e) {
      setError((e as Error).message);
    }
  }
  return (
    <section aria-label="Recent decisions" className="mt-6">
      <h2 className="mb-2 text-sm font-medium text-slate-600">Recent decisions</h2>
      <ul className="divide-y divide-slate-100 rounded-xl bg-white text-sm shadow-sm">
        {decisions.map((d) => (
          <li key={d.id} className="flex items-center justify-between gap-2 p-2">
            <span>
              <span className="font-medium">{d.action}</span> <span className="font-mono">{d.value}</span>
              <span className="text-xs text-slate-500"> · {d.createdBy} · {when(d.createdAt)}</span>
            </span>
            {d.personId && !d.undoneAt && (
              <a href={`/people/${d.personId}`} className="text-xs text-brand-600 underline">
                View person
              </a>
            )}
            {d.undoneAt ? (
              <span className="text-xs text-slate-400">undone</span>
            ) : (
              <button type="button" onClick={() => undo(d.id)} className="text-xs underline">
                Undo {d.action} of {d.value}
              </button>
            )}
          </li>
        ))}
      </ul>
      {error && <p role="alert" className="mt-1 text-sm text-red-700">{error}</p>}
    </section>
  );
}
