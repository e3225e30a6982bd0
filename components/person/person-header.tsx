import type { PersonProfile } from "@/lib/people/person-profile";
import { SmsComposer } from "./sms-composer";

export function PersonHeader({ profile }: { profile: PersonProfile }) {
  const p = profile.person;
  const name = [p.firstName, p.lastName].filter(Boolean).join(" ") || "(no name)";
  const current = p.contactPoints.filter((c) => c.validTo === null);
  const past = p.contactPoints.filter((c) => c.validTo !== null);
  return (
    <header className="rounded-xl bg-white p-4 shadow-sm">
      <h1 className="text-2xl font-semibold tracking-tight" data-testid="person-name">
        {name}
      </h1>
      <ul className="mt-2 flex flex-wrap gap-2 text-sm">
        {current.map((c) => (
          <li key={c.id} className="rounded bg-slate-100 px-2 py-0.5 font-mono">
            {c.value}
          </li>
        ))}
      </ul>
      {past.length > 0 && <p className="mt-2 text-xs text-slate-500">Formerly: {past.map((c) => c.value).join(", ")}</p>}
      {p.assignedStaff && <p className="mt-2 text-xs text-slate-500">Looked after by {p.assignedStaff.displayName}</p>}
      <SmsComposer personId={p.id} />
    </header>
  );
}
