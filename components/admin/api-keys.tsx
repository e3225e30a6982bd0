"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";

export type ApiKeyRow = { id: string; name: string; prefix: string; createdBy: string; createdAt: string; lastUsedAt: string | null; revokedAt: string | null };

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString("en-AU", { dateStyle: "medium", timeStyle: "short" }) : "never");

/** Admins make, list and revoke the bearer keys of the milestone API. A new key is shown once. */
export function ApiKeys({ keys }: { keys: ApiKeyRow[] }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [made, setMade] = useState<{ name: string; key: string } | null>(null);

  async function create(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const formEl = e.currentTarget;
    const res = await fetch("/api/admin/api-keys", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(Object.fromEntries(new FormData(formEl))) });
    const data = (await res.json().catch(() => ({}))) as { name?: string; key?: string; error?: string };
    if (!res.ok || !data.key) return setError(data.error ?? `failed (${res.status})`);
    setError(null);
    setMade({ name: data.name ?? "", key: data.key });
    formEl.reset();
    router.refresh();
  }

  async function revoke(id: string) {
    const res = await fetch(`/api/admin/api-keys/${id}`, { method: "DELETE" });
    setError(res.ok ? null : `revoke failed (${res.status})`);
    router.refresh();
  }

  return (
    <section aria-labelledby="api-keys-title" className="mt-10 space-y-4">
      <div>
        <h2 id="api-keys-title" className="text-lg font-semibold">
          API keys
        </h2>
        <p className="text-sm text-slate-600">
          Bearer keys for <code>POST /api/milestones</code>, and nothing else. Only a hash is kept: copy a new key when it is shown.
        </p>
      </div>
      <table className="w-full rounded-xl bg-white text-sm shadow-sm">
        <thead className="text-left text-slate-600">
          <tr>
            <th className="p-3">Name</th>
            <th className="p-3">Key starts with</th>
            <th className="p-3">Created</th>
            <th className="p-3">Last used</th>
            <th className="p-3">Status</th>
          </tr>
        </thead>
        <tbody>
          {keys.length === 0 && (
            <tr>
              <td colSpan={5} className="p-3 text-slate-600">
                No keys yet.
              </td>
            </tr>
          )}
          {keys.map((k) => (
            <tr key={k.id} className="border-t border-slate-100" data-testid="api-key-row">
              <td className="p-3 font-medium">{k.name}</td>
              <td className="p-3 font-mono">{k.prefix}…</td>
              <td className="p-3">
                {when(k.createdAt)} by {k.createdBy}
              </td>
              <td className="p-3">{when(k.lastUsedAt)}</td>
              <td className="p-3">
                {k.revokedAt ? (
                  <span>Revoked {when(k.revokedAt)}</span>
                ) : (
                  <button type="button" onClick={() => revoke(k.id)} className="rounded-md border border-red-700 px-3 py-1 text-red-700 hover:bg-red-50" aria-label={`Revoke ${k.name}`}>
                    Revoke
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form onSubmit={create} className="flex flex-wrap items-end gap-3 rounded-xl bg-white p-4 shadow-sm" aria-label="New API key">
        <input name="name" aria-label="Key name" placeholder="What uses it (e.g. applications portal)" required className="w-80 rounded-md border border-slate-300 px-3 py-2 text-sm" />
        <button className="rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700">Create key</button>
        {made && (
          <p role="status" className="w-full text-sm">
            New key for {made.name} (shown once): <code data-testid="new-api-key" className="break-all rounded bg-slate-100 px-1">{made.key}</code>
          </p>
        )}
        {error && (
          <p role="alert" className="w-full text-sm text-red-700">
            {error}
          </p>
        )}
      </form>
    </section>
  );
}
