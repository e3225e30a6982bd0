import { notFound } from "next/navigation";
import { requirePageUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { getPersonProfile } from "@/lib/people/person-profile";
import { PersonHeader } from "@/components/person/person-header";
import { Timeline } from "@/components/person/timeline";
import { PersonChannelSignals } from "@/components/analytics/person-channel-signals";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default async function PersonPage({ params }: { params: Promise<{ id: string }> }) {
  await requirePageUser("profile");
  const { id } = await params;
  if (!UUID.test(id)) notFound();
  const profile = await getPersonProfile(db, id);
  if (!profile) notFound();
  return (
    <div className="grid grid-cols-[minmax(0,1fr)_20rem] gap-6">
      <div>
        <PersonHeader profile={profile} />
        <h2 className="mb-2 mt-6 text-sm font-medium text-slate-600">Timeline</h2>
        <Timeline personId={profile.person.id} items={profile.timeline} />
      </div>
      <aside className="space-y-4 text-sm">
        <PersonChannelSignals personId={profile.person.id} />
        <Commerce title="Orders" rows={profile.orders.map((o) => [o.summary, `$${(o.totalCents / 100).toFixed(2)} · ${o.status} · ${o.placedAt.slice(0, 10)}`])} />
        <Commerce title="Bookings" rows={profile.person.bookings.map((b) => [b.service, `${b.status} · ${b.startsAt.toISOString().slice(0, 10)}`])} />
        <Commerce title="Appointments" rows={profile.person.appointments.map((a) => [a.service, `${a.status} · ${a.startsAt.toISOString().slice(0, 10)}`])} />
      </aside>
    </div>
  );
}

function Commerce({ title, rows }: { title: string; rows: [string, string][] }) {
  return (
    <section className="rounded-xl bg-white p-3 shadow-sm">
      <h3 className="mb-1 font-medium">{title}</h3>
      {rows.length === 0 ? (
        <p className="text-slate-500">None</p>
      ) : (
        <ul className="space-y-1">
          {rows.map(([a, b], i) => (
            <li key={i} className="flex justify-between gap-2">
              <span>{a}</span>
              <span className="text-slate-500">{b}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
