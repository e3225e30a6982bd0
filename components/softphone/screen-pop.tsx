"use client";

import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { useEffect } from "react";
import type { PopPerson } from "@/lib/softphone/screen-pop";
import { softphoneQueries } from "./queries";

const date = (iso: string) => new Date(iso).toLocaleDateString(undefined, { day: "numeric", month: "short", year: "numeric" });
const money = (cents: number, currency: string) => new Intl.NumberFormat(undefined, { style: "currency", currency }).format(cents / 100);

/** Who is calling, the moment it rings. A shared number shows each person separately. */
export function ScreenPopPanel({ callId, number, canTriage }: { callId: string; number: string; canTriage: boolean }) {
  const pop = useQuery(softphoneQueries.pop(callId));
  useEffect(() => {
    if (pop.data) (window.__softphoneMarks ??= []).push({ what: "pop", callId, at: performance.timeOrigin + performance.now() });
  }, [pop.data, callId]);
  if (pop.isPending) return <p className="text-sm text-slate-500">Looking up {number}…</p>;
  if (pop.isError) return <p role="alert" className="text-sm text-red-700">Could not load who is calling: {pop.error.message}</p>;
  const people = pop.data.people;
  if (people.length === 0) {
    return (
      <section aria-label="Caller" data-testid="screen-pop" className="rounded-lg border border-amber-300 bg-amber-50 p-4">
        <h3 className="font-semibold">Unknown caller</h3>
        <p className="mt-1 text-sm">
          Nobody on record owns <span className="font-mono">{number}</span>.{" "}
          {canTriage ? (
            <Link className="underline" href={`/unidentified?contact=${encodeURIComponent(`phone:${number}`)}`} target="_blank">
              Open in the Unidentified queue
            </Link>
          ) : (
            <>After the call it waits in the Unidentified queue, where ops match it to a person.</>
          )}
        </p>
      </section>
    );
  }
  return (
    <div data-testid="screen-pop" className="space-y-3">
      {people.length > 1 && <p className="text-sm text-slate-600">{people.length} people share {number}: ask who is calling.</p>}
      {people.map((p) => (
        <PersonCard key={p.id} person={p} />
      ))}
    </div>
  );
}

function PersonCard({ person: p }: { person: PopPerson }) {
  return (
    <section aria-label={p.name} className="rounded-lg border border-slate-200 bg-white p-4" data-testid="pop-person">
      <div className="flex items-baseline justify-between gap-2">
        <h3 className="truncate text-lg font-semibold">
          <Link href={`/people/${p.id}`} className="hover:underline">
            {p.name}
          </Link>
        </h3>
        {p.lastSpokeWith && <span className="shrink-0 text-xs text-slate-500">last spoke with {p.lastSpokeWith.name}</span>}
      </div>
      <ul className="mt-1 flex flex-wrap gap-x-3 text-sm text-slate-600">
        {p.contacts.map((c) => (
          <li key={`${c.kind}:${c.value}`} className="max-w-full truncate" title={c.value}>
            {c.value}
          </li>
        ))}
      </ul>
      <div className="mt-3 grid gap-3 sm:grid-cols-2">
        <List title="Orders" empty="No orders" items={p.orders.map((o) => ({ key: o.id, main: o.summary, side: `${money(o.totalCents, o.currency)} · ${o.status} · ${date(o.placedAt)}` }))} />
        <List title="Bookings" empty="No bookings" items={p.bookings.map((b) => ({ key: b.id, main: b.service, side: `${b.status} · ${date(b.startsAt)}` }))} />
        <List title="Last conversations" empty="None yet" items={p.interactions.map((i) => ({ key: i.id, main: i.summary, side: `${i.channel} · ${i.direction}${i.staff ? ` · ${i.staff}` : ""} · ${date(i.occurredAt)}` }))} />
        <List title="Notes" empty="No notes" items={p.notes.map((n, k) => ({ key: String(k), main: n.note, side: `${n.outcome ?? "note"}${n.staff ? ` · ${n.staff}` : ""} · ${date(n.savedAt)}` }))} />
      </div>
    </section>
  );
}

function List({ title, empty, items }: { title: string; empty: string; items: { key: string; main: string; side: string }[] }) {
  return (
    <div>
      <h4 className="text-xs font-semibold uppercase tracking-wide text-slate-500">{title}</h4>
      {items.length === 0 ? (
        <p className="text-sm text-slate-500">{empty}</p>
      ) : (
        <ul className="mt-1 space-y-1 text-sm">
          {items.map((i) => (
            <li key={i.key} className="min-w-0">
              <div className="truncate" title={i.main}>
                {i.main}
              </div>
              <div className="truncate text-xs text-slate-500">{i.side}</div>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
