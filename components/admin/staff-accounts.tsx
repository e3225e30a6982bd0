"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import type { StaffAccountsOverview } from "@/lib/staff/accounts/overview";

const VENDOR = { aircall_user: "Aircall user", front_teammate: "Front teammate" } as const;

async function send(method: string, body: unknown): Promise<{ error: string | null; reprocessed?: number }> {
  const res = await fetch("/api/admin/staff-accounts", { method, headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  const data = (await res.json().catch(() => ({}))) as { error?: string; reprocessed?: number };
  return res.ok ? { error: null, reprocessed: data.reprocessed } : { error: data.error ?? `failed (${res.status})` };
}

/** Each vendor account with its staff member: mapped, suggested by email, or to choose. */
export function StaffAccounts({ overview }: { overview: StaffAccountsOverview }) {
  const router = useRouter();
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [choice, setChoice] = useState<Record<string, string>>({});
  const name = (id: string | null) => overview.staff.find((s) => s.id === id)?.displayName ?? "—";

  async function map(kind: string, externalId: string, staffId: string) {
    const r = await send("POST", { kind, externalId, staffId });
    setError(r.error);
    if (!r.error) setStatus(`Mapped to ${name(staffId)}; ${r.reprocessed ?? 0} waiting event(s) processed again.`);
    router.refresh();
  }
  async function unmap(kind: string, externalId: string) {
    const r = await send("DELETE", { kind, externalId });
    setError(r.error);
    if (!r.error) setStatus("Mapping ended.");
    router.refresh();
  }

  return (
    <div className="space-y-4">
      {overview.errors.map((e) => (
        <p key={e} role="alert" className="rounded-md bg-amber-50 p-2 text-sm text-amber-900">
          Could not read {e}
        </p>
      ))}
      <div className="overflow-x-auto rounded-xl bg-white shadow-sm">
        <table className="w-full text-sm">
          <caption className="sr-only">Vendor accounts and their staff members</caption>
          <thead className="text-left text-slate-600">
            <tr>
              <th className="p-3">Account</th>
              <th className="p-3">Staff member</th>
              <th className="p-3">Waiting</th>
              <th className="p-3"><span className="sr-only">Actions</span></th>
            </tr>
          </thead>
          <tbody>
            {overview.accounts.length === 0 && (
              <tr>
                <td colSpan={4} className="p-3 text-slate-600">No Aircall users or Front teammates found.</td>
              </tr>
            )}
            {overview.accounts.map((a) => {
              const key = `${a.kind}:${a.externalId}`;
              const selected = choice[key] ?? a.mappedTo ?? a.suggested ?? "";
              const selectId = `staff-${key.replace(/[^\w-]/g, "_")}`;
              return (
                <tr key={key} className="border-t border-slate-100 align-top">
                  <td className="max-w-xs p-3">
                    <div className="truncate font-medium" title={a.name}>{a.name}</div>
                    <div className="truncate text-xs text-slate-600" title={a.email ?? undefined}>
                      {VENDOR[a.kind]} {a.externalId}
                      {a.email ? ` · ${a.email}` : ""}
                    </div>
                  </td>
                  <td className="p-3">
                    <label htmlFor={selectId} className="sr-only">Staff member for {VENDOR[a.kind]} {a.name}</label>
                    <select id={selectId} value={selected} onChange={(e) => setChoice({ ...choice, [key]: e.target.value })} className="rounded-md border border-slate-300 px-2 py-1">
                      <option value="">Choose…</option>
                      {overview.staff.map((s) => (
                        <option key={s.id} value={s.id}>
                          {s.displayName}
                          {s.email ? ` (${s.email})` : ""}
                        </option>
                      ))}
                    </select>
                    <div className="mt-1 text-xs text-slate-600">
                      {a.mappedTo ? `Mapped to ${name(a.mappedTo)}` : a.suggested ? `Suggested by email: ${name(a.suggested)}` : "Not mapped"}
                    </div>
                  </td>
                  <td className="p-3">{a.waiting > 0 ? `${a.waiting} event${a.waiting === 1 ? "" : "s"}` : "none"}</td>
                  <td className="space-x-2 p-3 whitespace-nowrap">
                    <button
                      type="button"
                      disabled={!selected || selected === a.mappedTo}
                      onClick={() => void map(a.kind, a.externalId, selected)}
                      className="rounded bg-brand-600 px-2 py-1 text-xs font-medium text-white hover:bg-brand-700 disabled:opacity-50"
                    >
                      {a.suggested && !choice[key] && !a.mappedTo ? "Accept suggestion" : "Map"}
                    </button>
                    {a.mappedTo && (
                      <button type="button" onClick={() => void unmap(a.kind, a.externalId)} className="text-xs text-slate-700 underline">
                        Unmap
                      </button>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <p role="status" aria-live="polite" className="text-sm text-slate-700">{status}</p>
      {error && (
        <p role="alert" className="text-sm text-red-700">
          {error}
        </p>
      )}
    </div>
  );
}
