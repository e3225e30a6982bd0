import type { Db } from "@/lib/db/client";
import { latestOrders } from "./source-orders";
import { isFinalSmsStatus } from "@/lib/interactions/sms-statuses";

/** How long the page follows an outbound SMS's status: a carrier may never confirm "sent" as delivered. */
const WATCH_SMS_MS = 10 * 60_000;

export type TimelineItem = {
  id: string;
  channel: "call" | "sms" | "email" | "in_app" | "whatsapp";
  direction: "inbound" | "outbound";
  occurredAt: Date;
  summary: string;
  staff: string | null;
  detail: string | null;
  /** an outbound SMS's delivery: "pending" until Twilio accepts it, then Twilio's statuses */
  delivery: { status: string; error: string | null; watch: boolean } | null;
  /** a call's wrap-up: the note and outcome the staff member saved after it */
  wrapUp: { note: string; outcome: string | null } | null;
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
  const wrapUps = new Map(
    (await db.callWrapUp.findMany({ where: { interactionId: { in: interactions.filter((i) => i.channel === "call").map((i) => i.id) } }, select: { interactionId: true, note: true, outcome: true } })).map(
      (w) => [w.interactionId, { note: w.note, outcome: w.outcome }],
    ),
  );
  const orders = await latestOrders(db, id, 5);
  const now = Date.now();
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
    delivery: i.sms && i.direction === "outbound" ? delivery(i.sms.deliveryStatus ?? "pending", i.sms.deliveryError, now - i.occurredAt.getTime()) : null,
    wrapUp: wrapUps.get(i.id) ?? null,
  }));
  return { person, orders, timeline };
}

function delivery(status: string, error: string | null, ageMs: number): NonNullable<TimelineItem["delivery"]> {
  return { status, error, watch: !isFinalSmsStatus(status) && ageMs < WATCH_SMS_MS };
}

export type PersonProfile = NonNullable<Awaited<ReturnType<typeof getPersonProfile>>>;
