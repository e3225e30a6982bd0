import type { ContactHistoryRow } from "@/lib/people/person-details";

const day = (iso: string | null) => (iso ? iso.slice(0, 10) : "now");

/** Every contact value the person has had, current first, with who put it there and when it was seen. */
export function ContactHistory({ contacts }: { contacts: ContactHistoryRow[] }) {
  if (contacts.length === 0) return <p className="text-sm text-slate-600">No contact values.</p>;
  return (
    <table className="w-full table-fixed text-xs">
      <caption className="sr-only">Contact values and their history</caption>
      <thead className="text-left text-slate-600">
        <tr>
          <th className="w-1/2 py-1 pr-2">Value and origin</th>
          <th className="py-1">History</th>
        </tr>
      </thead>
      <tbody>
        {contacts.map((c) => (
          <tr key={c.id} className={`border-t border-slate-100 align-top ${c.validTo ? "text-slate-600" : ""}`}>
            <td className="py-1 pr-2">
              <span className="sr-only">{c.kind}: </span>
              <span className="break-all font-mono">{c.value}</span>
              {c.validTo && <span className="ml-1 rounded bg-slate-100 px-1">past</span>}
              <span className="block">{c.origin}</span>
              {c.sources.length > 0 && <span className="block text-slate-600">{c.sources.join(", ")}</span>}
            </td>
            <td className="py-1">
              <span className="block">
                valid {day(c.validFrom)} → {day(c.validTo)}
              </span>
              <span className="block">
                seen {day(c.firstSeenAt)} … {day(c.lastSeenAt)}
              </span>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
