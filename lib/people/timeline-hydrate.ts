import type { Db } from "@/lib/db/client";
import { isFinalSmsStatus } from "@/lib/interactions/sms-statuses";
import type { TimelineKind } from "./timeline-query";

export type StreamRow = { src: "interaction" | "order" | "booking" | "appointment" | "merge" | "decision"; id: string; at: Date };

/** How long the page follows an outbound SMS's status: a carrier may never confirm "sent" as delivered. */
const WATCH_SMS_MS = 10 * 60_000;

/** One timeline entry: the line every kind has, and its detail (shown when expanded). */
export type TimelineItem = {
  id: string;
  kind: TimelineKind;
  at: string;
  direction: "inbound" | "outbound" | null;
  staff: string | null;
  summary: string;
  detail: TimelineDetail;
};

/**
 * A call's recording or voicemail as the expanded entry offers it: `ours` plays our stored copy
 * (app/api/media, Aircall's media fetched before its link expired); `vendor` is not copied (yet,
 * or its link expired first), so the media route redirects to the vendor's own page for it;
 * `twilio` plays a Twilio recording streamed through us (app/api/people/[id]/recordings).
 */
export type CallMediaItem = { kind: "recording" | "voicemail"; from: "ours" | "vendor" | "twilio" };

export type TimelineDetail =
  | { kind: "call"; outcome: string; durationSeconds: number | null; media: CallMediaItem[]; wrapUp: { note: string; outcome: string | null } | null }
  | { kind: "sms"; body: string; delivery: { status: string; error: string | null; watch: boolean } | null }
  | { kind: "email"; subject: string; threadId: string | null }
  | { kind: "in_app"; body: string; senderRole: string }
  | { kind: "order"; totalCents: number; currency: string; status: string }
  | { kind: "booking" | "appointment"; service: string; status: string }
  | { kind: "merge"; action: string; actor: string; reason: string | null; auditId: string; records: number }
  | { kind: "decision"; action: string; contact: string; by: string; undone: boolean };

/** The page's rows with what each shows: one query per stream present, by primary key. */
export async function hydrateTimeline(db: Db, rows: readonly StreamRow[], now = Date.now()): Promise<TimelineItem[]> {
  const ids = (src: StreamRow["src"]) => rows.filter((r) => r.src === src).map((r) => r.id);
  const none = <T>(): Promise<T[]> => Promise.resolve([]);
  const [interactionIds, orderIds, bookingIds, appointmentIds, mergeIds, decisionIds] = (["interaction", "order", "booking", "appointment", "merge", "decision"] as const).map(ids);
  const [interactions, wrapUps, callMedia, orders, bookings, appointments, merges, decisions] = await Promise.all([
    interactionIds!.length ? db.interactionEvent.findMany({ where: { id: { in: interactionIds } }, include: { staff: { select: { displayName: true } }, call: true, sms: true, email: true, inAppMessage: true } }) : none<never>(),
    interactionIds!.length ? db.callWrapUp.findMany({ where: { interactionId: { in: interactionIds } }, select: { interactionId: true, note: true, outcome: true } }) : none<never>(),
    interactionIds!.length ? db.callMedia.findMany({ where: { interactionId: { in: interactionIds } }, select: { interactionId: true, kind: true, status: true }, orderBy: { kind: "asc" } }) : none<never>(),
    orderIds!.length ? db.order.findMany({ where: { id: { in: orderIds } } }) : none<never>(),
    bookingIds!.length ? db.booking.findMany({ where: { id: { in: bookingIds } } }) : none<never>(),
    appointmentIds!.length ? db.appointment.findMany({ where: { id: { in: appointmentIds } } }) : none<never>(),
    mergeIds!.length ? db.mergeAudit.findMany({ where: { id: { in: mergeIds } }, select: { id: true, action: true, actor: true, reason: true, recordIds: true } }) : none<never>(),
    decisionIds!.length ? db.contactResolution.findMany({ where: { id: { in: decisionIds } } }) : none<never>(),
  ]);
  const byId = <T extends { id: string }>(xs: T[]) => new Map(xs.map((x) => [x.id, x]));
  const I = byId(interactions), O = byId(orders), B = byId(bookings), A = byId(appointments), M = byId(merges), D = byId(decisions);
  const W = new Map(wrapUps.map((w) => [w.interactionId, { note: w.note, outcome: w.outcome }]));
  const CM = new Map<string, { kind: string; status: string }[]>();
  for (const m of callMedia) CM.set(m.interactionId, [...(CM.get(m.interactionId) ?? []), m]);
  const items: TimelineItem[] = [];
  for (const r of rows) {
    const at = r.at.toISOString();
    const base = { id: r.id, at, direction: null, staff: null };
    if (r.src === "interaction") {
      const i = I.get(r.id);
      if (!i) continue;
      const line = { ...base, kind: i.channel, direction: i.direction, staff: i.staff?.displayName ?? null, summary: i.summary };
      if (i.channel === "call") {
        const media = callMediaItems(CM.get(i.id) ?? [], i.call?.recordingUrl ?? null);
        items.push({ ...line, detail: { kind: "call", outcome: i.call?.outcome ?? "unknown", durationSeconds: i.call?.durationSeconds ?? null, media, wrapUp: W.get(i.id) ?? null } });
      } else if (i.channel === "sms" || i.channel === "whatsapp") {
        const status = i.sms?.deliveryStatus ?? "pending";
        const delivery = i.direction === "outbound" ? { status, error: i.sms?.deliveryError ?? null, watch: !isFinalSmsStatus(status) && now - i.occurredAt.getTime() < WATCH_SMS_MS } : null;
        items.push({ ...line, detail: { kind: "sms", body: i.sms?.body ?? "", delivery } });
      } else if (i.channel === "email") {
        items.push({ ...line, detail: { kind: "email", subject: i.email?.subject ?? i.summary, threadId: i.email?.threadId ?? null } });
      } else {
        items.push({ ...line, detail: { kind: "in_app", body: i.inAppMessage?.body ?? "", senderRole: i.inAppMessage?.senderRole ?? "" } });
      }
    } else if (r.src === "order") {
      const o = O.get(r.id);
      if (o) items.push({ ...base, kind: "order", summary: o.summary, detail: { kind: "order", totalCents: o.totalCents, currency: o.currency, status: o.status } });
    } else if (r.src === "booking" || r.src === "appointment") {
      const b = (r.src === "booking" ? B : A).get(r.id);
      if (b) items.push({ ...base, kind: r.src, summary: `${b.service} (${b.status})`, detail: { kind: r.src, service: b.service, status: b.status } });
    } else if (r.src === "merge") {
      const m = M.get(r.id);
      if (m) items.push({ ...base, kind: "merge", summary: mergeSummary(m.action, m.recordIds.length), detail: { kind: "merge", action: m.action, actor: m.actor, reason: m.reason, auditId: m.id, records: m.recordIds.length } });
    } else {
      const d = D.get(r.id);
      if (d) items.push({ ...base, kind: "decision", summary: `Ops ${d.action === "link" ? "linked" : d.action === "create" ? "created a person for" : "ignored"} ${d.value}`, detail: { kind: "decision", action: d.action, contact: `${d.kind}: ${d.value}`, by: d.createdBy, undone: d.undoneAt !== null } });
    }
  }
  return items;
}

/** A call's media rows (Aircall's, fetched by the worker) if it has any, else its Twilio recording link. */
function callMediaItems(rows: readonly { kind: string; status: string }[], recordingUrl: string | null): CallMediaItem[] {
  const known = rows.filter((m): m is { kind: CallMediaItem["kind"]; status: string } => m.kind === "recording" || m.kind === "voicemail");
  if (known.length > 0) return known.map((m) => ({ kind: m.kind, from: m.status === "stored" ? "ours" : "vendor" }));
  return recordingUrl ? [{ kind: "recording", from: "twilio" }] : [];
}

function mergeSummary(action: string, records: number): string {
  const n = `${records} record${records === 1 ? "" : "s"}`;
  if (action === "unmerge") return `Un-merged: ${n} split off`;
  if (action === "merge") return `Merged: ${n} joined`;
  return `${action.replaceAll("_", " ")}: ${n}`;
}
