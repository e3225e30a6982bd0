import { requirePageUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { peopleQuerySchema } from "@/lib/people/search-query";
import { searchPeople } from "@/lib/people/search-people";
import { PageHeader } from "@/components/page-header";
import { EmptyState } from "@/components/empty-state";
import { PeopleFilterForm } from "@/components/people/people-filter-form";
import { PeopleTable } from "@/components/people/people-table";

export default async function PeoplePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePageUser("people");
  const raw = Object.fromEntries(Object.entries(await searchParams).flatMap(([k, v]) => (typeof v === "string" && v !== "" && k !== "cursor" ? [[k, v]] : [])));
  const parsed = peopleQuerySchema.safeParse(raw);
  const query = parsed.success ? parsed.data : {};
  const filters = parsed.success ? (raw as Record<string, string>) : {};
  const [first, staff] = await Promise.all([
    searchPeople(db, query, { region: env().DEFAULT_REGION }),
    db.staff.findMany({ where: { userId: { not: null } }, select: { id: true, displayName: true }, orderBy: { displayName: "asc" } }),
  ]);
  return (
    <>
      <PageHeader title="People" subtitle="One profile per person, across orders, bookings and conversations." />
      <PeopleFilterForm values={filters} staff={staff} />
      {!parsed.success && <p role="alert" className="mb-2 text-sm text-red-700">Some filters were not understood and are ignored.</p>}
      {first.people.length === 0 ? (
        <EmptyState title={query.q ? "No one matches" : "No people"}>
          {query.q ? "Try part of a name, an email or a phone number." : "People appear as orders, bookings and conversations arrive."}
        </EmptyState>
      ) : (
        <PeopleTable key={JSON.stringify(filters)} filters={filters} first={first} />
      )}
    </>
  );
}
