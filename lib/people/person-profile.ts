import type { Db } from "@/lib/db/client";

export type TimelineItem = {
  id: string;
  channel: "call" | "sms" | "email" | "in_app";
  direction: "inbound" | "outbound";
  occurredAt: Date;
  summary: string;
  staff: string | null;
  detail: string | null;
};

/** Everything a person's page and a screen pop show: who, how to reach them, what they bought and booked, and every conversation. */
export async function getPersonProfile(db: Db, id: string, opts: { timeline?: number } = {}) {
  const person = await db.person.findUnique({
    where: { id },
    include: {
      contactPoints: { orderBy: [{ kind: "asc" }, { validFrom: "desc" }] },
      orders: { orderBy: { placedAt: "desc" }, take: 5 },
      bookings: { orderBy: { startsAt: "desc" }, take: 5 },
      appointments: { orderBy: { startsAt: "desc" }, take: 5 },
      assignedStaff: { select: { displayName: true } },
    },
  });
  if (!person) return null;
  const interactions = await db.interactionEvent.findMany({
    where: { personId: id },
    orderBy: { occurredAt: "desc" },
    take: opts.timeline ?? 100,
    include: { staff: { select: { displayName: true } }, call: true, sms: true, email: true, inAppMessage: true },
  });
  const timeline = interactions.map<TimelineItem>((i) => ({
    id: i.id,
    channel: i.channel,
    direction: i.direction,
    occurredAt: i.occurredAt,
    summary: i.summary,
    staff: i.staff?.displayName ?? null,
    detail:
      i.sms?.body ??
      (i.call ? [i.call.outcome, i.call.durationSeconds != null ? `${i.call.durationSeconds} s` : null, i.call.recordingUrl ? "recorded" : null].filter(Boolean).join(" · ") : null) ??
      i.email?.subject ??
      i.inAppMessage?.body ??
      null,
  }));
  return { person, timeline };
}

export type PersonProfile = NonNullable<Awaited<ReturnType<typeof getPersonProfile>>>;
