"use client";

import { useEffect, useRef, useState } from "react";
import { formatDuration } from "./call-timer";
import type { View } from "./controller-types";
import { useSoftphone } from "./softphone-provider";

const OUTCOMES = [
  ["resolved", "Resolved"],
  ["follow_up", "Needs follow-up"],
  ["callback_requested", "Call back requested"],
  ["no_action", "No action"],
  ["other", "Other"],
] as const;

/** After a call: a note and an outcome on the call's record; no new call is offered until it is done (or times out). */
export function WrapUpForm({ view, timeoutS }: { view: Extract<View, { kind: "wrap_up" }>; timeoutS: number }) {
  const { act } = useSoftphone();
  const [note, setNote] = useState("");
  const [outcome, setOutcome] = useState<string>("resolved");
  const area = useRef<HTMLTextAreaElement>(null);
  const [left, setLeft] = useState(timeoutS);
  useEffect(() => {
    area.current?.focus();
    const t = setInterval(() => setLeft(Math.max(0, Math.round(timeoutS - (Date.now() - view.endedAt) / 1000))), 1000);
    return () => clearInterval(t);
  }, [view.endedAt, timeoutS]);
  return (
    <form
      aria-label="Wrap-up"
      onSubmit={(e) => {
        e.preventDefault();
        act({ type: "finish_wrap_up", note, outcome });
      }}
      className="space-y-3 rounded-lg border border-slate-200 bg-white p-4"
    >
      <h2 className="font-semibold">
        Wrap up the call with {view.from} <span className="font-normal text-slate-500">({formatDuration(view.talkedS)} talked)</span>
      </h2>
      <label className="block text-sm" htmlFor="wrap-up-note">
        Note (saved with the call on the timeline)
      </label>
      <textarea ref={area} id="wrap-up-note" value={note} onChange={(e) => setNote(e.target.value)} rows={3} maxLength={4000} className="w-full rounded-md border border-slate-300 p-2 text-sm" />
      <label className="block text-sm" htmlFor="wrap-up-outcome">
        Outcome
      </label>
      <select id="wrap-up-outcome" value={outcome} onChange={(e) => setOutcome(e.target.value)} className="rounded-md border border-slate-300 px-2 py-1.5 text-sm">
        {OUTCOMES.map(([v, l]) => (
          <option key={v} value={v}>
            {l}
          </option>
        ))}
      </select>
      <div className="flex items-center gap-3">
        <button className="rounded-md bg-brand-600 px-4 py-2 text-sm font-semibold text-white hover:bg-brand-700">Save and take calls</button>
        <button type="button" onClick={() => act({ type: "skip_wrap_up" })} className="text-sm underline">
          Skip
        </button>
        <span className="text-xs text-slate-500">New calls in {left} s unless you save sooner.</span>
      </div>
    </form>
  );
}
