"use client";

import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import { newIdempotencyKey } from "./idempotency-key";

type Answer = { error?: string; issues?: { message: string }[] };

/**
 * Text a person. The server records the message and the worker sends it; each message
 * composed gets one Idempotency-Key, reused when the same text is submitted again after a
 * failure (the first try may have been recorded), so a retry never sends it twice.
 */
export function SmsComposer({ personId, onSent }: { personId: string; onSent?: () => void }) {
  const router = useRouter();
  const [body, setBody] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState("");
  const [busy, setBusy] = useState(false);
  const draft = useRef<{ personId: string; text: string; key: string } | null>(null);
  const input = useRef<HTMLInputElement>(null);
  // A double click submits twice before React re-renders the disabled form: the second is dropped here.
  const inFlight = useRef(false);

  async function send(e: React.FormEvent) {
    e.preventDefault();
    const text = body.trim();
    if (inFlight.current || !text) return;
    inFlight.current = true;
    if (draft.current?.text !== text || draft.current.personId !== personId) draft.current = { personId, text, key: newIdempotencyKey() };
    setBusy(true);
    setError(null);
    setStatus("Sending…");
    try {
      const res = await fetch(`/api/people/${personId}/sms`, {
        method: "POST",
        headers: { "content-type": "application/json", "idempotency-key": draft.current.key },
        body: JSON.stringify({ body: text }),
      });
      if (!res.ok) {
        const data = (await res.json().catch(() => ({}))) as Answer;
        setStatus("");
        setError(data.issues?.map((i) => i.message).join("; ") ?? data.error ?? `could not send (${res.status})`);
        return;
      }
      draft.current = null;
      setBody("");
      setStatus("Message queued: it is on the timeline");
      if (onSent) onSent();
      else router.refresh();
    } catch {
      setStatus("");
      setError("could not reach the server; send again (it will not go out twice)");
    } finally {
      inFlight.current = false;
      setBusy(false);
      // the fieldset was disabled while sending, which took the focus away
      requestAnimationFrame(() => input.current?.focus());
    }
  }

  return (
    <form onSubmit={send} className="mt-4" aria-busy={busy}>
      <fieldset disabled={busy} className="flex gap-2">
        <label className="sr-only" htmlFor="sms-body">
          Text message
        </label>
        <input
          ref={input}
          id="sms-body"
          value={body}
          onChange={(e) => setBody(e.target.value)}
          placeholder="Write a text message…"
          className="flex-1 rounded-md border border-slate-300 px-3 py-2 text-sm disabled:bg-slate-50"
        />
        <button disabled={!body.trim()} className="rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700 disabled:opacity-50">
          {busy ? "Sending…" : "Send SMS"}
        </button>
      </fieldset>
      <p role="status" className="mt-1 text-xs text-slate-500">
        {status}
      </p>
      {error && (
        <p role="alert" className="text-sm text-red-700">
          {error}
        </p>
      )}
    </form>
  );
}
