"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { softphoneApi } from "./api";
import { softphoneQueries } from "./queries";
import { useSoftphone } from "./softphone-provider";

const LABEL: Record<string, string> = { available: "Available", busy: "On a call", wrap_up: "Wrapping up", away: "Away", offline: "Offline" };

/** Start shift (the click that lets the page ring), presence, end shift. */
export function ShiftControls() {
  const { snapshot, act } = useSoftphone();
  const qc = useQueryClient();
  const presence = useQuery({ ...softphoneQueries.presence(), refetchInterval: 5_000 });
  const kind = snapshot.view.kind;
  const on = kind !== "off" && kind !== "starting";
  const current = presence.data?.presence ?? "offline";
  // the server holds a ringing staff member as busy; say what is happening
  const shown = kind === "ringing" ? "Ringing" : kind === "in_call" || kind === "connecting" ? "On a call" : kind === "wrap_up" ? "Wrapping up" : (LABEL[current] ?? current);

  async function choose(p: "available" | "away") {
    await softphoneApi.presence(p).catch(() => {});
    await qc.invalidateQueries({ queryKey: softphoneQueries.presence().queryKey });
  }

  return (
    <section aria-label="Shift" className="flex flex-wrap items-center gap-3 rounded-lg border border-slate-200 bg-white p-4">
      {!on ? (
        <button
          type="button"
          onClick={() => act({ type: "start_shift" })}
          disabled={kind === "starting"}
          className="rounded-md bg-brand-600 px-4 py-2 text-sm font-semibold text-white hover:bg-brand-700 disabled:opacity-60"
        >
          {kind === "starting" ? "Starting…" : "Start shift"}
        </button>
      ) : (
        <>
          <span className="text-sm">
            You are <strong data-testid="presence">{shown}</strong>
            {snapshot.registered ? (
              <span className="ml-2 rounded bg-emerald-100 px-1.5 py-0.5 text-xs text-emerald-800">phone connected</span>
            ) : (
              <span className="ml-2 rounded bg-amber-100 px-1.5 py-0.5 text-xs text-amber-900">phone reconnecting…</span>
            )}
          </span>
          {(current === "available" || current === "away") && (
            <button type="button" onClick={() => void choose(current === "available" ? "away" : "available")} className="rounded-md border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-50">
              {current === "available" ? "Step away" : "I'm back"}
            </button>
          )}
          <button type="button" onClick={() => act({ type: "end_shift" })} className="rounded-md border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-50">
            End shift
          </button>
        </>
      )}
      {!snapshot.owner && on && <span className="text-xs text-slate-500">This tab mirrors the phone in another tab.</span>}
    </section>
  );
}
