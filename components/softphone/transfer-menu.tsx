"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { softphoneQueries } from "./queries";

/** Transfer to a colleague who can take it now (available, phone connected). */
export function TransferMenu({ selfId, onTransfer }: { selfId: string | null; onTransfer: (staffId: string, mode: "warm" | "cold") => void }) {
  const team = useQuery(softphoneQueries.team());
  const [to, setTo] = useState("");
  const free = (team.data ?? []).filter((m) => m.staffId !== selfId && m.reachable && m.presence === "available");
  return (
    <fieldset className="rounded-md border border-slate-200 p-3">
      <legend className="px-1 text-sm font-medium">Transfer</legend>
      {free.length === 0 ? (
        <p className="text-sm text-slate-500">Nobody else is free right now.</p>
      ) : (
        <div className="flex flex-wrap items-center gap-2">
          <label htmlFor="transfer-to" className="sr-only">
            Transfer to
          </label>
          <select id="transfer-to" value={to} onChange={(e) => setTo(e.target.value)} className="rounded-md border border-slate-300 px-2 py-1.5 text-sm">
            <option value="">Choose a colleague…</option>
            {free.map((m) => (
              <option key={m.staffId} value={m.staffId}>
                {m.name}
              </option>
            ))}
          </select>
          <button type="button" disabled={!to} onClick={() => onTransfer(to, "warm")} className="rounded-md border border-slate-300 px-3 py-1.5 text-sm disabled:opacity-50">
            Warm transfer
          </button>
          <button type="button" disabled={!to} onClick={() => onTransfer(to, "cold")} className="rounded-md border border-slate-300 px-3 py-1.5 text-sm disabled:opacity-50">
            Cold transfer
          </button>
        </div>
      )}
    </fieldset>
  );
}
