import { notFound } from "next/navigation";
import { requirePageUser } from "@/lib/auth/session";
import { canAccess } from "@/lib/auth/roles";
import { db } from "@/lib/db/client";
import { getPersonProfile } from "@/lib/people/person-profile";
import { getPersonDetails } from "@/lib/people/person-details";
import { getTimeline } from "@/lib/people/timeline";
import { PersonHeader } from "@/components/person/person-header";
import { TimelineStream } from "@/components/person/timeline-stream";
import { ContactHistory } from "@/components/person/contact-history";
import { SourceRecords } from "@/components/person/source-records";
import { MergeHistory, UnmergeForm } from "@/components/person/merge-history";
import { PersonChannelSignals } from "@/components/analytics/person-channel-signals";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default async function PersonPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePageUser("profile");
  const { id } = await params;
  if (!UUID.test(id)) notFound();
  const profile = await getPersonProfile(db, id, { timeline: 0 });
  if (!profile) notFound();
  const [details, first, staff] = await Promise.all([
    getPersonDetails(db, id),
    getTimeline(db, id),
    db.staff.findMany({ where: { userId: { not: null } }, select: { id: true, displayName: true }, orderBy: { displayName: "asc" } }),
  ]);
  const ops = canAccess(user.role, "review");
  return (
    <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_24rem]">
      <div>
        <PersonHeader profile={profile} />
        <TimelineStream personId={id} first={first} staff={staff} />
      </div>
      <aside className="space-y-4 text-sm">
        <PersonChannelSignals personId={profile.person.id} />
        <Panel title="Contact values">
          <ContactHistory contacts={details.contacts} />
        </Panel>
        <Panel title="Source records">
          <SourceRecords records={details.records} />
          {ops && details.records.length > 1 && (
            <details className="mt-2">
              <summary className="cursor-pointer text-xs font-medium">Un-merge records…</summary>
              <div className="mt-2">
                <UnmergeForm personId={id} records={details.records} />
              </div>
            </details>
          )}
        </Panel>
        <Panel title="Merge history">
          <MergeHistory merges={details.merges} canDecide={ops} />
        </Panel>
        <Commerce title="Orders" rows={profile.orders.map((o) => [o.summary, `$${(o.totalCents / 100).toFixed(2)} · ${o.status} · ${o.placedAt.slice(0, 10)}`])} />
        <Commerce title="Bookings" rows={profile.person.bookings.map((b) => [b.service, `${b.status} · ${b.startsAt.toISOString().slice(0, 10)}`])} />
        <Commerce title="Appointments" rows={profile.person.appointments.map((a) => [a.service, `${a.status} · ${a.startsAt.toISOString().slice(0, 10)}`])} />
      </aside>
    </div>
  );
}

function Panel({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <section className="rounded-xl bg-white p-3 shadow-sm">
      <h2 className="mb-2 font-medium">{title}</h2>
      {children}
    </section>
  );
}

function Commerce({ title, rows }: { title: string; rows: [string, string][] }) {
  return (
    <Panel title={title}>
      {rows.length === 0 ? (
        <p className="text-slate-600">None</p>
      ) : (
        <ul className="space-y-1">
          {rows.map(([a, b], i) => (
            <li key={i} className="flex justify-between gap-2">
              <span>{a}</span>
              <span className="text-slate-600">{b}</span>
            </li>
          ))}
        </ul>
      )}
    </Panel>
  );
}
