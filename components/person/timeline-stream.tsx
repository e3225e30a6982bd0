"use client";

import { useInfiniteQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import type { TimelinePage } from "@/lib/people/timeline";
import { useRealtime } from "@/components/realtime/use-realtime";
import { personQueries, type TimelineFilters } from "./queries";
import { TimelineEntry } from "./timeline-item";
import { StaffOptions } from "@/components/people/staff-options";

const KINDS: [string, string][] = [
  ["", "Everything"],
  ["call", "Calls"],
  ["sms", "SMS"],
  ["whatsapp", "WhatsApp"],
  ["email", "Email"],
  ["in_app", "In-app messages"],
  ["order,booking,appointment", "Orders, bookings, appointments"],
  ["merge,decision", "Merges and ops decisions"],
];
const field = "rounded-md border border-slate-400 bg-white px-2 py-1 text-sm";

/**
 * The person's timeline: the server renders the first page, later pages load as the end
 * scrolls into view (keyset on time + id), filters refetch, and a push that the person has
 * something new refetches it (the realtime hub's "person.timeline").
 */
export function TimelineStream({ personId, first, staff }: { personId: string; first: TimelinePage; staff: { id: string; displayName: string }[] }) {
  const [filters, setFilters] = useState<TimelineFilters>({});
  const unfiltered = !filters.kinds && !filters.staff && !filters.from && !filters.to;
  const qc = useQueryClient();
  const { data, fetchNextPage, hasNextPage, isFetchingNextPage, isLoading, error } = useInfiniteQuery({
    ...personQueries.timeline(personId, filters),
    ...(unfiltered ? { initialData: { pages: [first], pageParams: [null] } } : {}),
  });
  useRealtime("person.timeline", (e) => {
    if (e.personId === personId) void qc.invalidateQueries({ queryKey: personQueries.timelines(personId) });
  });
  const end = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = end.current;
    if (!el || !hasNextPage) return;
    const seen = new IntersectionObserver((entries) => {
      if (entries.some((x) => x.isIntersecting) && !isFetchingNextPage) void fetchNextPage();
    });
    seen.observe(el);
    return () => seen.disconnect();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);

  const set = (k: keyof TimelineFilters) => (e: React.ChangeEvent<HTMLSelectElement | HTMLInputElement>) => setFilters((f) => ({ ...f, [k]: e.target.value || undefined }));
  const items = data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <section aria-labelledby="timeline-heading">
      <h2 id="timeline-heading" className="mb-2 mt-6 text-sm font-medium text-slate-700">
        Timeline
      </h2>
      <div className="mb-3 flex flex-wrap items-end gap-3 text-sm" role="group" aria-label="Timeline filters">
        <label className="flex flex-col gap-1">
          <span>Channel</span>
          <select value={filters.kinds ?? ""} onChange={set("kinds")} className={field}>
            {KINDS.map(([v, l]) => (
              <option key={v} value={v}>
                {l}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col gap-1">
          <span>Staff</span>
          <select value={filters.staff ?? ""} onChange={set("staff")} className={field}>
            <StaffOptions staff={staff} />
          </select>
        </label>
        <label className="flex flex-col gap-1">
          <span>From</span>
          <input type="date" value={filters.from ?? ""} onChange={set("from")} className={field} />
        </label>
        <label className="flex flex-col gap-1">
          <span>To</span>
          <input type="date" value={filters.to ?? ""} onChange={set("to")} className={field} />
        </label>
      </div>
      {isLoading && <p className="text-sm text-slate-600">Loading…</p>}
      {error && <p role="alert" className="text-sm text-red-700">{error.message}</p>}
      {!isLoading && items.length === 0 ? (
        <p className="rounded-xl border border-dashed border-slate-300 p-6 text-sm text-slate-600">{unfiltered ? "Nothing yet." : "Nothing matches these filters."}</p>
      ) : (
        <ol className="space-y-2" aria-label="Timeline" aria-busy={isFetchingNextPage}>
          {items.map((i) => (
            <TimelineEntry key={i.id} personId={personId} item={i} />
          ))}
        </ol>
      )}
      <div ref={end} className="h-4" />
      {hasNextPage && (
        <button type="button" onClick={() => void fetchNextPage()} disabled={isFetchingNextPage} className="mt-2 rounded-md border border-slate-400 bg-white px-3 py-1.5 text-sm">
          {isFetchingNextPage ? "Loading…" : "Load older"}
        </button>
      )}
    </section>
  );
}
