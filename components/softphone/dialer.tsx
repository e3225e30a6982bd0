"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { softphoneQueries } from "./queries";
import { useSoftphone } from "./softphone-provider";

/** Call a number typed any way, or a person found by name, email or phone (the call lands on their record). */
export function Dialer() {
  const { act, snapshot } = useSoftphone();
  const [number, setNumber] = useState("");
  const [q, setQ] = useState("");
  const hits = useQuery(softphoneQueries.people(q));
  const ready = snapshot.view.kind === "idle";
  return (
    <section aria-label="Place a call" className="grid gap-4 rounded-lg border border-slate-200 bg-white p-4 md:grid-cols-2">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (number.trim()) act({ type: "dial", to: number.trim() });
        }}
        className="space-y-2"
      >
        <label htmlFor="dial-number" className="block text-sm font-medium">
          Number
        </label>
        <div className="flex gap-2">
          <input id="dial-number" inputMode="tel" autoComplete="off" value={number} onChange={(e) => setNumber(e.target.value)} placeholder="0412 345 678" className="min-w-0 flex-1 rounded-md border border-slate-300 px-3 py-2 font-mono text-sm" />
          <button disabled={!ready || !number.trim()} className="rounded-md bg-emerald-700 px-4 py-2 text-sm font-semibold text-white hover:bg-emerald-800 disabled:opacity-50">
            Call
          </button>
        </div>
      </form>
      <div className="space-y-2">
        <label htmlFor="dial-person" className="block text-sm font-medium">
          Person
        </label>
        <input id="dial-person" type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder="Name, email or phone" className="w-full rounded-md border border-slate-300 px-3 py-2 text-sm" />
        <ul className="space-y-1" aria-live="polite">
          {(hits.data ?? []).map((p) => (
            <li key={p.id} className="flex items-center justify-between gap-2 text-sm">
              <span className="min-w-0 truncate" title={`${p.name} ${p.phone ?? ""}`}>
                {p.name} <span className="text-slate-500">{p.phone ?? "no phone"}</span>
              </span>
              <button type="button" disabled={!ready || !p.phone} onClick={() => p.phone && act({ type: "dial", to: p.phone, personId: p.id })} className="shrink-0 rounded-md border border-slate-300 px-2 py-1 text-xs disabled:opacity-50">
                Call {p.name}
              </button>
            </li>
          ))}
        </ul>
      </div>
    </section>
  );
}
