/**
 * What a staff member sees the moment a call rings: who is calling (everyone who
 * owned the number when the call started: a couple's landline shows both, never a
 * blend of the two), how to reach them, their last orders and bookings, the last
 * conversations on any channel, the notes left after earlier calls, and who they
 * last spoke with. Unknown callers come back with no people and the number, so the
 * UI can offer the Unidentified queue. A handful of indexed queries, all in parallel.
 */
import type { Db } from "@/lib/db/client";
import { latestOrders } from "@/lib/people/source-orders";

export interface PopPerson {
  id: string;
  name: string;
  contacts: { kind: string; value: string }[];
  orders: { id: string; summary: string; totalCents: number; currency: string; status: string; placedAt: string }[];
  bookings: { id: string; service: string; status: string; startsAt: string; source: "simplybook" | "appointjet" }[];
  interactions: { id: string; channel: string; direction: string; summary: string; occurredAt: string; staff: string | null }[];
  notes: { note: string; outcome: string | null; staff: string | null; savedAt: string }[];
  lastSpokeWith: { staffId: string; name: string; at: string } | null;
}

export interface ScreenPop {
  callId: string;
  direction: "inbound" | "outbound";
  /** the other party's number: the caller (inbound) or the person called (outbound) */
  number: string;
  state: string;
  startedAt: string;
  people: PopPerson[];
}

const MAX_PEOPLE = 4;

export async function screenPop(db: Db, callId: string): Promise<ScreenPop | null> {
  const call = await db.phoneCall.findUnique({
    where: { id: callId },
    select: { id: true, direction: true, fromNumber: true, toNumber: true, state: true, startedAt: true, personId: true },
  });
  if (!call) return null;
  const number = call.direction === "inbound" ? call.fromNumber : call.toNumber;
  const owners = await db.$queryRaw<{ person_id: string }[]>`
    SELECT DISTINCT person_id::text FROM contact_points
     WHERE kind = 'phone' AND value = ${number} AND person_id IS NOT NULL
       AND valid_from <= ${call.startedAt} AND (valid_to IS NULL OR valid_to > ${call.startedAt})
     LIMIT ${MAX_PEOPLE}`;
  const ids = [...new Set([...(call.personId ? [call.personId] : []), ...owners.map((o) => o.person_id)])].slice(0, MAX_PEOPLE);
  const people = await Promise.all(ids.map((id) => popPerson(db, id)));
  return {
    callId: call.id,
    direction: call.direction,
    number,
    state: call.state,
    startedAt: call.startedAt.toISOString(),
    people: people.filter((p): p is PopPerson => p !== null),
  };
}

const iso = (d: Date) => d.toISOString();

async function popPerson(db: Db, id: string): Promise<PopPerson | null> {
  const [person, orders, bookings, appointments, interactions, notes] = await Promise.all([
    db.person.findUnique({
      where: { id },
      select: { id: true, firstName: true, lastName: true, email: true, phone: true, contactPoints: { where: { validTo: null }, select: { kind: true, value: true }, orderBy: { lastSeenAt: "desc" }, take: 8 } },
    }),
    latestOrders(db, id, 3),
    db.booking.findMany({ where: { personId: id }, orderBy: { startsAt: "desc" }, take: 3 }),
    db.appointment.findMany({ where: { personId: id }, orderBy: { startsAt: "desc" }, take: 3 }),
    db.interactionEvent.findMany({
      where: { personId: id },
      orderBy: { occurredAt: "desc" },
      take: 5,
      select: { id: true, channel: true, direction: true, summary: true, occurredAt: true, staffId: true, staff: { select: { displayName: true } } },
    }),
    db.$queryRaw<{ note: string; outcome: string | null; staff: string | null; saved_at: Date }[]>`
      SELECT w.note, w.outcome, s.display_name AS staff, w.saved_at
        FROM call_wrap_ups w JOIN phone_calls c ON c.id = w.phone_call_id LEFT JOIN staff s ON s.id = w.staff_id
       WHERE c.person_id = ${id}::uuid AND w.note <> ''
       ORDER BY w.saved_at DESC LIMIT 3`,
  ]);
  if (!person) return null;
  const contacts = person.contactPoints.filter((c) => c.kind === "phone" || c.kind === "email").map((c) => ({ kind: c.kind, value: c.value }));
  for (const [kind, value] of [["phone", person.phone], ["email", person.email]] as const) {
    if (value && !contacts.some((c) => c.kind === kind && c.value === value)) contacts.unshift({ kind, value });
  }
  const spoke = interactions.find((i) => i.staffId !== null && i.staff);
  return {
    id: person.id,
    name: [person.firstName, person.lastName].filter(Boolean).join(" ") || "Name unknown",
    contacts,
    orders,
    bookings: [
      ...bookings.map((b) => ({ id: b.id, service: b.service, status: b.status, startsAt: iso(b.startsAt), source: "simplybook" as const })),
      ...appointments.map((a) => ({ id: a.id, service: a.service, status: a.status, startsAt: iso(a.startsAt), source: "appointjet" as const })),
    ]
      .sort((a, b) => b.startsAt.localeCompare(a.startsAt))
      .slice(0, 3),
    interactions: interactions.map((i) => ({ id: i.id, channel: i.channel, direction: i.direction, summary: i.summary, occurredAt: iso(i.occurredAt), staff: i.staff?.displayName ?? null })),
    notes: notes.map((n) => ({ note: n.note, outcome: n.outcome, staff: n.staff, savedAt: iso(n.saved_at) })),
    lastSpokeWith: spoke?.staffId && spoke.staff ? { staffId: spoke.staffId, name: spoke.staff.displayName, at: iso(spoke.occurredAt) } : null,
  };
}
