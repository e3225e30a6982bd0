"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { EmptyState } from "@/components/empty-state";
import { postJson } from "@/components/identity/post-json";
import { MatchPair } from "./match-pair";
import { reviewQueries } from "./queries";

const pct = (p: number) => `${(p * 100).toFixed(1)}%`;

/**
 * Possible matches, most probable first: ↑/↓ or j/k move, c confirms (merge now), r rejects
 * (keep apart), each with an optional reason. The list refetches after every decision.
 */
export function ReviewQueue() {
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [selected, setSelected] = useState(0);
  const [reason, setReason] = useState("");
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState("");
  const [error, setError] = useState<string | null>(null);
  const listRef = useRef<HTMLUListElement>(null);
  const qc = useQueryClient();
  const cursor = cursors[cursors.length - 1] ?? null;
  const { data, isLoading, error: loadError } = useQuery(reviewQueries.matches(cursor));
  const matches = data?.matches ?? [];
  const current = matches[Math.min(selected, matches.length - 1)] ?? null;

  useEffect(() => {
    listRef.current?.querySelectorAll<HTMLButtonElement>("button[data-row]")[selected]?.focus();
  }, [selected, data]);

  async function decide(verdict: "confirm" | "reject") {
    if (!current || busy) return;
    setBusy(true);
    setError(null);
    const r = await postJson(`/api/review/matches/${current.id}/${verdict}`, { reason: reason.trim() || undefined });
    setBusy(false);
    if (!r.ok) return setError(r.error);
    setStatus(`${verdict === "confirm" ? "Merged" : "Kept apart"}: ${current.a.name} and ${current.b.name}`);
    setReason("");
    await qc.invalidateQueries({ queryKey: reviewQueries.all });
  }

  function onKey(e: React.KeyboardEvent) {
    if ((e.target as HTMLElement).tagName === "INPUT") return;
    if (e.key === "ArrowDown" || e.key === "j") {
      e.preventDefault();
      setSelected((s) => Math.min(s + 1, matches.length - 1));
    } else if (e.key === "ArrowUp" || e.key === "k") {
      e.preventDefault();
      setSelected((s) => Math.max(s - 1, 0));
    } else if (e.key === "c") {
      e.preventDefault();
      void decide("confirm");
    } else if (e.key === "r") {
      e.preventDefault();
      void decide("reject");
    }
  }

  if (isLoading) return <p className="text-sm text-slate-600">Loading…</p>;
  if (loadError) return <p role="alert" className="text-sm text-red-700">{loadError.message}</p>;
  return (
    <div onKeyDown={onKey}>
      <p role="status" aria-live="polite" data-testid="review-status" className="mb-2 min-h-5 text-sm text-emerald-800">
        {status}
      </p>
      {matches.length === 0 ? (
        <EmptyState title="Nothing to review">Pairs the engine is unsure of appear here.</EmptyState>
      ) : (
        <div className="grid grid-cols-[18rem_minmax(0,1fr)] gap-4">
          <div>
            <p className="mb-1 text-xs text-slate-600">↑/↓ or j/k to move · c confirm · r reject</p>
            <ul ref={listRef} className="space-y-1" aria-label="Possible matches">
              {matches.map((m, i) => (
                <li key={m.id}>
                  <button type="button" data-row aria-current={m.id === current?.id} onClick={() => setSelected(i)} className={`w-full rounded-md border p-2 text-left text-sm ${m.id === current?.id ? "border-slate-900 bg-slate-100" : "border-slate-200 bg-white"}`}>
                    <span className="font-medium">{pct(m.probability)}</span> {m.a.name} ↔ {m.b.name}
                  </button>
                </li>
              ))}
            </ul>
            <div className="mt-2 flex gap-2 text-sm">
              {cursors.length > 1 && (
                <button type="button" className="rounded border border-slate-400 px-2 py-1" onClick={() => { setCursors((c) => c.slice(0, -1)); setSelected(0); }}>
                  Previous
                </button>
              )}
              {data?.nextCursor && (
                <button type="button" className="rounded border border-slate-400 px-2 py-1" onClick={() => { setCursors((c) => [...c, data.nextCursor]); setSelected(0); }}>
                  Next
                </button>
              )}
            </div>
          </div>
          {current && (
            <section aria-label="Selected pair" className="rounded-xl bg-white p-4 shadow-sm">
              <MatchPair match={current} />
              <div className="mt-4 flex flex-wrap items-end gap-2 text-sm">
                <label className="flex grow flex-col gap-1">
                  <span>Reason (optional)</span>
                  <input value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} className="rounded-md border border-slate-400 px-2 py-1" />
                </label>
                <button type="button" disabled={busy} onClick={() => void decide("confirm")} className="rounded-md bg-emerald-800 px-3 py-1.5 text-white disabled:opacity-50">
                  Confirm: same person
                </button>
                <button type="button" disabled={busy} onClick={() => void decide("reject")} className="rounded-md bg-red-800 px-3 py-1.5 text-white disabled:opacity-50">
                  Reject: different people
                </button>
              </div>
              {error && <p role="alert" className="mt-2 text-sm text-red-700">{error}</p>}
            </section>
          )}
        </div>
      )}
    </div>
  );
}
