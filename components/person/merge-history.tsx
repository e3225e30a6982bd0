"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import type { MergeHistoryRow, SourceRecordRow } from "@/lib/people/person-details";
import { Waterfall } from "@/components/identity/waterfall";
import { postJson } from "@/components/identity/post-json";

/** Merges and un-merges of this person, each with its waterfall; ops may undo an un-merge. */
export function MergeHistory({ merges, canDecide }: { merges: MergeHistoryRow[]; canDecide: boolean }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  async function undo(id: string) {
    const r = await postJson(`/api/review/merges/${id}/undo`);
    if (!r.ok) setError(r.error);
    else router.refresh();
  }
  if (merges.length === 0) return <p className="text-sm text-slate-600">No merges yet.</p>;
  return (
    <>
      {error && <p role="alert" className="mb-2 text-sm text-red-700">{error}</p>}
      <ol className="space-y-3" aria-label="Merge history">
        {merges.map((m) => (
          <li key={m.id} id={`merge-${m.id}`} className="rounded border border-slate-200 p-2 text-xs">
            <p>
              <span className="font-medium">{m.action}</span> of {m.records} record{m.records === 1 ? "" : "s"} · {m.at.slice(0, 16).replace("T", " ")} · {m.actor}
              {m.reason && <span className="text-slate-600"> · {m.reason}</span>}
            </p>
            {m.edges.length > 0 && (
              <details className="mt-1" open={m.edges.length === 1}>
                <summary className="cursor-pointer text-slate-700">Evidence ({m.edges.length} pair{m.edges.length === 1 ? "" : "s"})</summary>
                <div className="mt-1 space-y-2">
                  {m.edges.map((e, i) => (
                    <Waterfall key={i} edge={e} />
                  ))}
                </div>
              </details>
            )}
            {canDecide && m.undoable && (
              <button type="button" onClick={() => void undo(m.id)} className="mt-1 rounded border border-slate-400 px-2 py-0.5">
                Undo this un-merge
              </button>
            )}
          </li>
        ))}
      </ol>
    </>
  );
}

/** Ops: choose the records that are someone else, give a reason, and split them off (audited, undoable above). */
export function UnmergeForm({ personId, records }: { personId: string; records: SourceRecordRow[] }) {
  const router = useRouter();
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (records.length < 2) return null;
  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setBusy(true);
    const r = await postJson(`/api/identity/persons/${personId}/unmerge`, { recordIds: [...chosen], reason: reason.trim() || undefined });
    setBusy(false);
    if (!r.ok) return setError(r.error);
    setChosen(new Set());
    setReason("");
    router.refresh();
  }
  return (
    <form onSubmit={(e) => void submit(e)} className="space-y-2 text-xs" aria-label="Un-merge">
      <fieldset>
        <legend className="mb-1 font-medium">Records that are someone else</legend>
        {records.map((r) => (
          <label key={r.id} className="flex items-center gap-2">
            <input type="checkbox" checked={chosen.has(r.id)} onChange={(e) => setChosen((s) => { const n = new Set(s); if (e.target.checked) n.add(r.id); else n.delete(r.id); return n; })} />
            {r.source} {r.externalId} · {r.name}
          </label>
        ))}
      </fieldset>
      <label className="block">
        <span className="block">Reason</span>
        <input value={reason} onChange={(e) => setReason(e.target.value)} required maxLength={500} className="w-full rounded border border-slate-400 px-2 py-1" />
      </label>
      {error && <p role="alert" className="text-red-700">{error}</p>}
      <button type="submit" disabled={busy || chosen.size === 0 || chosen.size === records.length || !reason.trim()} className="rounded bg-slate-900 px-2 py-1 text-white disabled:opacity-50">
        Un-merge {chosen.size || ""}
      </button>
    </form>
  );
}
