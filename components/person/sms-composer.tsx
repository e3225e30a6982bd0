"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";

export function SmsComposer({ personId }: { personId: string }) {
  const router = useRouter();
  const [body, setBody] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function send(e: React.FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const res = await fetch(`/api/people/${personId}/sms`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ body }) });
    setBusy(false);
    if (!res.ok) {
      const data = (await res.json().catch(() => ({}))) as { error?: string; issues?: { message: string }[] };
      setError(data.issues?.map((i) => i.message).join("; ") ?? data.error ?? `could not send (${res.status})`);
      return;
    }
    setBody("");
    router.refresh();
  }

  return (
    <form onSubmit={send} className="mt-4 flex gap-2">
      <label className="sr-only" htmlFor="sms-body">
        Text message
      </label>
      <input
        id="sms-body"
        value={body}
        onChange={(e) => setBody(e.target.value)}
        placeholder="Write a text message…"
        className="flex-1 rounded-md border border-slate-300 px-3 py-2 text-sm"
      />
      <button disabled={busy || !body.trim()} className="rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700 disabled:opacity-50">
        {busy ? "Sending…" : "Send SMS"}
      </button>
      {error && (
        <p role="alert" className="basis-full text-sm text-red-700">
          {error}
        </p>
      )}
    </form>
  );
}
