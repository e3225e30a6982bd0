"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import Link from "next/link";
import type { PeoplePage } from "@/lib/people/search-people";
import { peopleListQueries, type PeopleFilters } from "./queries";

/** The list's rows: the first page rendered by the server, later pages by keyset on "Load more". */
export function PeopleTable({ filters, first }: { filters: PeopleFilters; first: PeoplePage }) {
  const { data, fetchNextPage, hasNextPage, isFetchingNextPage, error } = useInfiniteQuery({
    ...peopleListQueries.list(filters),
    initialData: { pages: [first], pageParams: [null] },
  });
  const people = data.pages.flatMap((p) => p.people);
  return (
    <>
      {/* a narrow window scrolls the table in its own box, not the page */}
      <div className="overflow-x-auto rounded-xl shadow-sm">
        <table className="w-full bg-white text-sm">
          <caption className="sr-only">People</caption>
          <thead className="text-left text-slate-600">
            <tr>
              <th className="p-3">Name</th>
              <th className="p-3">Email</th>
              <th className="p-3">Phone</th>
              <th className="p-3">Last contact</th>
              <th className="p-3">Assigned</th>
            </tr>
          </thead>
          <tbody>
            {people.map((p) => (
              <tr key={p.id} className="border-t border-slate-100">
                <td className="p-3 font-medium">
                  <Link href={`/people/${p.id}`} className="hover:underline">
                    {p.name}
                  </Link>
                </td>
                <td className="p-3">{p.email ?? "—"}</td>
                <td className="p-3 font-mono">{p.phone ?? "—"}</td>
                <td className="p-3">{p.lastContactAt ? <time dateTime={p.lastContactAt}>{p.lastContactAt.slice(0, 10)}</time> : "never"}</td>
                <td className="p-3">{p.assignedStaff ?? "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {error && <p role="alert" className="mt-2 text-sm text-red-700">{error.message}</p>}
      {hasNextPage && (
        <button type="button" onClick={() => void fetchNextPage()} disabled={isFetchingNextPage} className="mt-3 rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm">
          {isFetchingNextPage ? "Loading…" : "Load more"}
        </button>
      )}
    </>
  );
}
