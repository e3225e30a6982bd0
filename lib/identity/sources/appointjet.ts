// AppointJet booking webhooks → identity source records: the client ("aj") and, for a
// couple's booking, the partner ("aj_partner", externalId `${id}-p`, same booking_id).
import { appointjetWebhook, type AppointjetWebhook } from "@/lib/vendors/sources/appointjet";
import { SOURCES_SIGNATURE_HEADER, verifySourcesSignature } from "@/lib/vendors/sources/verify";
import { headerValue } from "@/lib/vendors/webhook";
import { parseJsonBody, reparse } from "@/lib/capture/parse";
import { clean, isoToDate } from "./source-fields";
import type { SourceConnector, SourceRecordDraft, ToSourceRecordsResult } from "./types";
import type { z } from "zod";

type Person = z.infer<typeof appointjetWebhook>["booking"]["client"];

function record(source: "aj" | "aj_partner", externalId: string, bookingId: string, person: Person, updatedAt: Date | null): SourceRecordDraft {
  return {
    source,
    externalId,
    first_name: clean(person.first_name),
    last_name: clean(person.last_name),
    email: clean(person.email),
    phone: clean(person.phone),
    booking_id: bookingId,
    updated_at: updatedAt,
  };
}

const isEmpty = (p: Person) => ![p.first_name, p.last_name, p.email, p.phone].some((v) => clean(v));

export function appointjetRecords(webhook: AppointjetWebhook): SourceRecordDraft[] {
  const { booking } = webhook;
  const updatedAt = isoToDate(booking.updated_at);
  const records = [record("aj", booking.id, booking.id, booking.client, updatedAt)];
  if (booking.partner && !isEmpty(booking.partner)) {
    records.push(record("aj_partner", `${booking.id}-p`, booking.id, booking.partner, updatedAt));
  }
  return records;
}

export const appointjetBookings: SourceConnector<AppointjetWebhook> = {
  name: "appointjet-bookings",
  vendor: "appointjet",
  ack: { status: 200, contentType: "application/json", body: '{"ok":true}' },
  verify: (req, ctx) => verifySourcesSignature(ctx.secret, headerValue(req.headers, SOURCES_SIGNATURE_HEADER), req.rawBody),
  parse: (req) => parseJsonBody(appointjetWebhook, req.rawBody),
  interpret({ data, raw }) {
    return {
      ok: true,
      event: {
        vendor: "appointjet",
        vendorEventId: `${data.booking.id}:${data.event}:${data.booking.updated_at}`,
        eventType: data.event,
        occurredAt: isoToDate(data.booking.updated_at),
        channel: null,
        contact: null,
        payload: raw,
      },
    };
  },
  toSourceRecords(payload): ToSourceRecordsResult {
    const parsed = reparse(appointjetWebhook, payload);
    return parsed.ok ? { ok: true, records: appointjetRecords(parsed.data) } : parsed;
  },
};
