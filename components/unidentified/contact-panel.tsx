"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { postJson, when, type Contact, type PersonHit } from "./types";

const KIND_LABEL: Record<Contact["kind"], string> = { phone: "Phone", email: "Email", handle: "Handle" };

/** One contact: what they sent, and the three decisions (link, create, ignore). */
export function ContactPanel({ contact, onDone }: { contact: Contact; onDone: () => void }) {
  const [q, setQ] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const search = useQuery({
    queryKey: ["people-search", q],
    enabled: q.trim().length >= 2,
    queryFn: async () => ((await (await fetch(`/api/people/search?q=${encodeURIComponent(q)}`)).json()) as { people: PersonHit[] }).people,
  });
  const c = { kind: contact.kind, value: contact.value };

  async function decide(body: unknown) {
    setBusy(true);
    setError(null);
    try {
      await postJson("/api/unidentified/decisions", body);
      onDone();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="space-y-4 rounded-xl bg-white p-4 shadow-sm">
      <header>
        <h2 className="font-mono text-lg font-semibold break-all">{contact.value}</h2>
        <p className="text-xs text-slate-500">
          {KIND_LABEL[contact.kind]} · {contact.channels.join(", ")} · {contact.count} waiting since {when(contact.firstSeen)}
        </p>
      </header>
      <ol className="space-y-2" aria-label="Latest messages">
        {contact.preview.map((p, i) => (
          <li key={i} className="rounded-md bg-slate-50 p-2 text-sm">
            <div className="text-xs break-words text-slate-500">
              {when(p.at)} · {p.channel} {p.direction} via {p.vendor}
              {p.staffContact ? ` · to ${p.staffContact}` : ""}
            </div>
            <div className="break-words whitespace-pre-line">{p.text || p.summary}</div>
          </li>
        ))}
      </ol>
      <div>
        <label className="block text-sm font-medium" htmlFor="person-search">
          Link to a person
        </label>
        <input
          id="person-search"
          autoFocus
          value={q}
          onChange={(e) => setQ(e.target.value)}
          placeholder="Name, email or phone"
          className="mt-1 w-full rounded-md border border-slate-300 px-3 py-2 text-sm"
        />
        <ul className="mt-2 divide-y divide-slate-100" aria-label="Matching people">
          {(search.data ?? []).map((p) => (
            <li key={p.id} className="flex items-center justify-between py-1.5 text-sm">
              <span>
                <span className="font-medium">{p.name}</span> <span className="text-slate-500">{p.email ?? p.phone ?? ""}</span>
              </span>
              <button type="button" disabled={busy} onClick={() => decide({ action: "link", contact: c, personId: p.id })} className="rounded bg-brand-600 px-2 py-1 text-xs font-medium text-white hover:bg-brand-700">
                Link to {p.name}
              </button>
            </li>
          ))}
          {q.trim().length >= 2 && search.data?.length === 0 && <li className="py-1.5 text-sm text-slate-500">No one matches.</li>}
        </ul>
      </div>
      <form
        className="flex flex-wrap items-end gap-2 border-t border-slate-100 pt-3"
        onSubmit={(e) => {
          e.preventDefault();
          const f = new FormData(e.currentTarget);
          void decide({ action: "create", contact: c, firstName: String(f.get("firstName") ?? ""), lastName: String(f.get("lastName") ?? "") });
        }}
      >
        <input name="firstName" placeholder="First name" aria-label="First name" className="w-32 rounded-md border border-slate-300 px-2 py-1.5 text-sm" />
        <input name="lastName" placeholder="Last name" aria-label="Last name" className="w-32 rounded-md border border-slate-300 px-2 py-1.5 text-sm" />
        <button disabled={busy} className="rounded-md border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-50">
          Create person
        </button>
        <button type="button" disabled={busy} onClick={() => decide({ action: "ignore", contact: c })} className="ml-auto rounded-md px-3 py-1.5 text-sm text-slate-600 underline">
          Ignore this contact
        </button>
      </form>
      {error && (
        <p role="alert" className="text-sm text-red-700">
          {error}
        </p>
      )}
    </div>
  );
}
