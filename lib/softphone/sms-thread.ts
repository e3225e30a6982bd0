/** A person's text messages, newest last (the softphone's SMS thread beside a call). */
import type { Db } from "@/lib/db/client";

export interface ThreadMessage {
  id: string;
  direction: "inbound" | "outbound";
  body: string;
  status: string | null;
  at: string;
  staff: string | null;
}

export async function smsThread(db: Db, personId: string, limit = 20): Promise<ThreadMessage[]> {
  const rows = await db.interactionEvent.findMany({
    where: { personId, channel: "sms" },
    orderBy: { occurredAt: "desc" },
    take: limit,
    select: { id: true, direction: true, occurredAt: true, summary: true, sms: { select: { body: true, deliveryStatus: true } }, staff: { select: { displayName: true } } },
  });
  return rows.reverse().map((r) => ({
    id: r.id,
    direction: r.direction,
    body: r.sms?.body ?? r.summary,
    status: r.sms?.deliveryStatus ?? null,
    at: r.occurredAt.toISOString(),
    staff: r.staff?.displayName ?? null,
  }));
}
