"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";

type UserRow = { id: string; name: string; email: string; role: string; createdAt: string };
const ROLES = ["staff", "ops", "manager", "admin"] as const;

async function send(url: string, method: string, body: unknown): Promise<string | null> {
  const res = await fetch(url, { method, headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  if (res.ok) return null;
  const data = (await res.json().catch(() => ({}))) as { error?: string; issues?: { path: string; message: string }[] };
  return data.issues?.map((i) => `${i.path}: ${i.message}`).join("; ") ?? data.error ?? `failed (${res.status})`;
}

export function UserAdmin({ users, meId }: { users: UserRow[]; meId: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);

  async function create(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const formEl = e.currentTarget;
    const f = new FormData(formEl);
    const err = await send("/api/admin/users", "POST", Object.fromEntries(f));
    setError(err);
    if (!err) {
      formEl.reset();
      router.refresh();
    }
  }

  async function setRole(id: string, role: string) {
    const err = await send(`/api/admin/users/${id}`, "PATCH", { role });
    setError(err);
    router.refresh();
  }

  return (
    <div className="space-y-6">
      <table className="w-full rounded-xl bg-white text-sm shadow-sm">
        <thead className="text-left text-slate-500">
          <tr>
            <th className="p-3">Name</th>
            <th className="p-3">Email</th>
            <th className="p-3">Role</th>
          </tr>
        </thead>
        <tbody>
          {users.map((u) => (
            <tr key={u.id} className="border-t border-slate-100">
              <td className="p-3 font-medium">{u.name}</td>
              <td className="p-3">{u.email}</td>
              <td className="p-3">
                <select
                  aria-label={`Role of ${u.email}`}
                  defaultValue={u.role}
                  disabled={u.id === meId}
                  onChange={(e) => setRole(u.id, e.target.value)}
                  className="rounded border border-slate-300 px-2 py-1"
                >
                  {ROLES.map((r) => (
                    <option key={r}>{r}</option>
                  ))}
                </select>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form onSubmit={create} className="flex flex-wrap items-end gap-3 rounded-xl bg-white p-4 shadow-sm">
        <h2 className="w-full font-medium">Add a user</h2>
        <input name="name" aria-label="Name" placeholder="Name" required className="rounded-md border border-slate-300 px-3 py-2 text-sm" />
        <input name="email" type="email" aria-label="Email" placeholder="Email" required className="rounded-md border border-slate-300 px-3 py-2 text-sm" />
        <input name="password" type="password" aria-label="Password (8 characters or more)" placeholder="Password (8+)" required className="rounded-md border border-slate-300 px-3 py-2 text-sm" />
        <select name="role" aria-label="Role" defaultValue="staff" className="rounded-md border border-slate-300 px-3 py-2 text-sm">
          {ROLES.map((r) => (
            <option key={r}>{r}</option>
          ))}
        </select>
        <button className="rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700">Add</button>
        {error && (
          <p role="alert" className="w-full text-sm text-red-700">
            {error}
          </p>
        )}
      </form>
    </div>
  );
}
