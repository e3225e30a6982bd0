import type { ContactHistoryRow } from "@/lib/people/person-details";

const day = (iso: string | null) => (iso ? iso.slice(0, 10) : "now");

/** Every contact value the person has had, current first, with who put it there and when it was seen. */
export function ContactHistory({ contacts }: { contacts: ContactHistoryRow[] }) {
  if (contacts.length === 0) return <p className="text-sm text-slate-600">No contact values.</p>;
  return (
    <table className="w-full text-xs">
      <caption className="sr-only">Contact values and their history</caption>
      <thead className="text-left text-slate-600">
        <tr>
          <th className="py-1 pr-2">Value</th>
          <th className="py-1 pr-2">Valid</th>
          <th className="py-1 pr-2">Seen</th>
          <th className="py-1">From</th>
        </tr>
      </thead>
      <tbody>
        {contacts.map((c) => (
          <tr key={c.id} className={`border-t border-slate-100 ${c.validTo ? "text-slate-600" : ""}`}>
            <td className="py-1 pr-2 font-mono">
              <span className="sr-only">{c.kind}: </span>
              {c.value}
              {c.validTo && <span className="ml-1 rounded bg-slate-100 px-1 font-sans">past</span>}
            </td>
            <td className="py-1 pr-2 whitespace-nowrap">
              {day(c.validFrom)} → {day(c.validTo)}
            </td>
            <td className="py-1 pr-2 whitespace-nowrap">
              {day(c.firstSeenAt)} … {day(c.lastSeenAt)}
            </td>
            <td className="py-1">
              {c.origin}
              {c.sources.length > 0 && <span className="block text-slate-600">{c.sources.join(", ")}</span>}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
