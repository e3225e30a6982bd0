import type { PossibleMatchRow, ReviewRecord } from "@/lib/identity/db/review-queue";
import { Waterfall } from "@/components/identity/waterfall";

/** Both records of a possible match side by side, with the evidence's waterfall. */
export function MatchPair({ match }: { match: PossibleMatchRow }) {
  return (
    <div className="space-y-3">
      <div className="grid grid-cols-2 gap-3">
        <RecordCard label="Record A" r={match.a} other={match.b} />
        <RecordCard label="Record B" r={match.b} other={match.a} />
      </div>
      {match.reason && <p className="text-xs text-slate-700">Why it is here: {match.reason}</p>}
      <Waterfall edge={match.evidence} title="Evidence" />
    </div>
  );
}

function RecordCard({ label, r, other }: { label: string; r: ReviewRecord; other: ReviewRecord }) {
  const same = (a: string | null, b: string | null) => (a && b && a.toLowerCase() === b.toLowerCase() ? "font-semibold text-emerald-800" : "");
  return (
    <section className="rounded-lg border border-slate-200 p-3 text-sm" aria-label={label}>
      <h3 className="text-xs font-medium text-slate-600">
        {label}: {r.source} {r.externalId}
      </h3>
      <dl className="mt-1 grid grid-cols-[4rem_minmax(0,1fr)] gap-x-2 gap-y-0.5">
        <dt className="text-slate-600">Name</dt>
        <dd className={same(r.name, other.name)}>{r.name}</dd>
        <dt className="text-slate-600">Email</dt>
        <dd className={`break-all font-mono ${same(r.email, other.email)}`}>{r.email ?? "—"}</dd>
        <dt className="text-slate-600">Phone</dt>
        <dd className={`font-mono ${same(r.phone, other.phone)}`}>{r.phone ?? "—"}</dd>
        <dt className="text-slate-600">Person</dt>
        <dd>
          {r.personId ? (
            <a className="underline" href={`/people/${r.personId}`}>
              {r.personName ?? "(no name)"}
            </a>
          ) : (
            "none yet"
          )}
        </dd>
      </dl>
    </section>
  );
}
