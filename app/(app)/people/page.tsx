import { requirePageUser } from "@/lib/auth/session";
import { listPeople } from "@/lib/people/list-people";
import { PageHeader } from "@/components/page-header";
import { EmptyState } from "@/components/empty-state";

export default async function PeoplePage({ searchParams }: { searchParams: Promise<{ q?: string }> }) {
  await requirePageUser("people");
  const { q } = await searchParams;
  const people = await listPeople({ query: q });
  return (
    <>
      <PageHeader title="People" subtitle="One profile per person, across orders, bookings and conversations." />
      <form className="mb-4">
        <input
          name="q"
          defaultValue={q}
          placeholder="Search by name, email or phone"
          className="w-80 rounded-md border border-slate-300 px-3 py-2 text-sm"
        />
      </form>
      {people.length === 0 ? (
        <EmptyState title={q ? "No one matches" : "No people yet"}>
          {q ? "Try part of a name, an email or a phone number." : "People appear as orders, bookings and conversations arrive."}
        </EmptyState>
      ) : (
        <table className="w-full rounded-xl bg-white text-sm shadow-sm">
          <thead className="text-left text-slate-500">
            <tr>
              <th className="p-3">Name</th>
              <th className="p-3">Email</th>
              <th className="p-3">Phone</th>
              <th className="p-3">Interactions</th>
            </tr>
          </thead>
          <tbody>
            {people.map((p) => (
              <tr key={p.id} className="border-t border-slate-100">
                <td className="p-3 font-medium">
                  <a href={`/people/${p.id}`} className="hover:underline">
                    {p.name}
                  </a>
                </td>
                <td className="p-3">{p.email ?? "—"}</td>
                <td className="p-3 font-mono">{p.phone ?? "—"}</td>
                <td className="p-3">{p.interactions}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
