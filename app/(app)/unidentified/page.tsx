import { requirePageUser } from "@/lib/auth/session";
import { listUnidentifiedContacts } from "@/lib/interactions/unidentified";
import { PageHeader } from "@/components/page-header";
import { EmptyState } from "@/components/empty-state";

export default async function UnidentifiedPage() {
  await requirePageUser("unidentified");
  const contacts = await listUnidentifiedContacts();
  return (
    <>
      <PageHeader title="Unidentified contacts" subtitle="Calls, messages and emails nobody could be matched to." />
      {contacts.length === 0 ? (
        <EmptyState title="Nothing waiting">Every conversation so far found its person. Unmatched contacts will queue here for you.</EmptyState>
      ) : (
        <table className="w-full rounded-xl bg-white text-sm shadow-sm">
          <thead className="text-left text-slate-500">
            <tr>
              <th className="p-3">Contact</th>
              <th className="p-3">Events</th>
              <th className="p-3">Last seen</th>
            </tr>
          </thead>
          <tbody>
            {contacts.map((c) => (
              <tr key={`${c.kind}:${c.value}`} className="border-t border-slate-100">
                <td className="p-3 font-mono">{c.value}</td>
                <td className="p-3">{c.count}</td>
                <td className="p-3">{c.lastSeen.toISOString().slice(0, 16).replace("T", " ")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
