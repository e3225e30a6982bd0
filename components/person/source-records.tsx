import type { SourceRecordRow } from "@/lib/people/person-details";

/** The source records behind the consensus profile. */
export function SourceRecords({ records }: { records: SourceRecordRow[] }) {
  if (records.length === 0) return <p className="text-sm text-slate-600">No source records (made by hand or by an ops decision).</p>;
  return (
    <ul className="space-y-1 text-xs" aria-label="Source records">
      {records.map((r) => (
        <li key={r.id} className="rounded border border-slate-200 p-2">
          <span className="font-medium">
            {r.source} {r.externalId}
          </span>{" "}
          · {r.name} <span className="text-slate-600">({r.status})</span>
          <span className="block font-mono text-slate-700">{[r.email, r.phone].filter(Boolean).join(" · ") || "no contact values"}</span>
        </li>
      ))}
    </ul>
  );
}
