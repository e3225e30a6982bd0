"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { EmptyState } from "@/components/empty-state";
import { ContactPanel } from "./contact-panel";
import { DecisionLog } from "./decision-log";
import { when, type QueuePage } from "./types";

const PAGE = 25;

/** The queue: contacts on the left (↑/↓ or j/k to move, Enter to open), the chosen one's panel on the right. */
export function UnidentifiedQueue({ initialContact = null }: { initialContact?: string | null }) {
  const [offset, setOffset] = useState(0);
  const [selected, setSelected] = useState(0);
  // "kind:value" of the contact to open first (a link from the softphone's unknown-caller pop)
  const [open, setOpen] = useState<string | null>(initialContact);
  const listRef = useRef<HTMLUListElement>(null);
  const qc = useQueryClient();
  const { data, isLoading, error } = useQuery({
    queryKey: ["unidentified", offset],
    queryFn: async () => {
      const res = await fetch(`/api/unidentified?limit=${PAGE}&offset=${offset}`);
      if (!res.ok) throw new Error(`could not load the queue (${res.status})`);
      return (await res.json()) as QueuePage;
    },
    refetchInterval: 10_000,
  });
  const contacts = data?.contacts ?? [];
  const current = contacts.find((c) => `${c.kind}:${c.value}` === open) ?? null;

  useEffect(() => {
    listRef.current?.querySelectorAll<HTMLButtonElement>("button[data-row]")[selected]?.focus();
  }, [selected, data]);

  function onKey(e: React.KeyboardEvent) {
    if (e.key === "ArrowDown" || e.key === "j") {
      e.preventDefault();
      setSelected((s) => Math.min(s + 1, contacts.length - 1));
    } else if (e.key === "ArrowUp" || e.key === "k") {
      e.preventDefault();
      setSelected((s) => Math.max(s - 1, 0));
    }
  }

  const refresh = () => qc.invalidateQueries({ queryKey: ["unidentified"] });
  if (isLoading) return <p className="text-sm text-slate-500">Loading…</p>;
  if (error) return <p role="alert" className="text-sm text-red-700">{(error as Error).message}</p>;

  return (
    <div className="grid grid-cols-1 gap-6 md:grid-cols-[minmax(0,1fr)_minmax(0,1.2fr)]">
      <section aria-label="Waiting contacts" className="min-w-0">
        {contacts.length === 0 ? (
          <EmptyState title="Nothing waiting">Every conversation so far found its person. Unmatched contacts will queue here for you.</EmptyState>
        ) : (
          <>
            <ul ref={listRef} onKeyDown={onKey} className="divide-y divide-slate-100 rounded-xl bg-white shadow-sm">
              {contacts.map((c, i) => {
                const key = `${c.kind}:${c.value}`;
                const summary = c.preview[0]?.summary ?? "";
                const channels = c.channels.join(", ");
                return (
                  <li key={key}>
                    <button
                      data-row
                      type="button"
                      onFocus={() => setSelected(i)}
                      onClick={() => setOpen(key)}
                      aria-current={open === key ? "true" : undefined}
                      title={summary ? `${c.value}: ${summary}` : c.value}
                      className={`flex w-full min-w-0 items-start justify-between gap-3 p-3 text-left focus:outline-none focus:ring-2 focus:ring-brand-600 ${open === key ? "bg-brand-50" : "hover:bg-slate-50"}`}
                    >
                      {/* min-w-0 lets long values truncate inside the row instead of spilling into the panel */}
                      <span className="min-w-0 flex-1">
                        <span className="block truncate font-mono text-sm font-medium">{c.value}</span>
                        <span className="block truncate text-xs text-slate-600">{summary}</span>
                      </span>
                      <span className="max-w-[45%] shrink-0 text-right text-xs text-slate-600">
                        <span className="block truncate font-medium text-slate-700" title={channels}>
                          {c.count} event{c.count === 1 ? "" : "s"} · {channels}
                        </span>
                        <span className="block">{when(c.lastSeen)}</span>
                      </span>
                    </button>
                  </li>
                );
              })}
            </ul>
            <nav className="mt-3 flex items-center justify-between text-sm text-slate-600" aria-label="Pages">
              <button type="button" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))} className="underline disabled:opacity-40">
                Newer
              </button>
              <span>
                {offset + 1}–{offset + contacts.length} of {data?.total ?? 0}
              </span>
              <button type="button" disabled={offset + PAGE >= (data?.total ?? 0)} onClick={() => setOffset(offset + PAGE)} className="underline disabled:opacity-40">
                Older
              </button>
            </nav>
          </>
        )}
        <DecisionLog decisions={data?.decisions ?? []} onChange={refresh} />
      </section>
      <section aria-label="Contact" className="min-w-0">
        {current ? (
          <ContactPanel key={open} contact={current} onDone={() => { setOpen(null); void refresh(); }} />
        ) : (
          <p className="rounded-xl border border-dashed border-slate-300 p-6 text-sm text-slate-500">
            Choose a contact (↑/↓, Enter) to see its messages and decide who it is.
          </p>
        )}
      </section>
    </div>
  );
}
