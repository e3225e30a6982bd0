// SimplyBookMe booking webhooks (our enriched shape) → an identity source record ("sbm").
import { simplybookWebhook, type SimplybookWebhook } from "@/lib/vendors/sources/simplybook";
import { SOURCES_SIGNATURE_HEADER, verifySourcesSignature } from "@/lib/vendors/sources/verify";
import { headerValue } from "@/lib/vendors/webhook";
import { parseJsonBody, reparse } from "@/lib/capture/parse";
import { clean, isoToDate } from "./source-fields";
import type { SourceConnector, ToSourceRecordsResult } from "./types";

export const simplybookBookings: SourceConnector<SimplybookWebhook> = {
  name: "simplybook-bookings",
  vendor: "simplybook",
  ack: { status: 200, contentType: "application/json", body: '{"ok":true}' },
  verify: (req, ctx) => verifySourcesSignature(ctx.secret, headerValue(req.headers, SOURCES_SIGNATURE_HEADER), req.rawBody),
  parse: (req) => parseJsonBody(simplybookWebhook, req.rawBody),
  interpret({ data, raw }) {
    return {
      ok: true,
      event: {
        vendor: "simplybook",
        // A retry repeats the booking's updated_at; any change to the booking moves it.
        vendorEventId: `${data.booking_id}:${data.notification_type}:${data.booking.updated_at}`,
        eventType: `booking.${data.notification_type}`,
        occurredAt: isoToDate(data.booking.updated_at),
        channel: null,
        contact: null,
        payload: raw,
      },
    };
  },
  toSourceRecords(payload): ToSourceRecordsResult {
    const parsed = reparse(simplybookWebhook, payload);
    if (!parsed.ok) return parsed;
    const { booking } = parsed.data;
    return {
      ok: true,
      records: [
        {
          source: "sbm",
          externalId: booking.id,
          first_name: null,
          last_name: null,
          full_name: clean(booking.client.full_name),
          email: clean(booking.client.email),
          phone: clean(booking.client.phone),
          booking_id: booking.id,
          updated_at: isoToDate(booking.updated_at),
        },
      ],
    };
  },
};
