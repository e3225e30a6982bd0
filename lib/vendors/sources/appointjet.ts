// AppointJet (fictional) booking webhooks, a format we define:
//   { event: "booking.created" | "booking.updated" | "booking.cancelled", sent_at,
//     booking: { id, service?, starts_at?, status?, updated_at,
//                client: { first_name, last_name, email, phone }, partner?: { … } | null } }
// signed like the other sources (X-Switchboard-Signature). A couple's booking names a
// partner, who becomes a record of their own.
import { z } from "zod";

const isoDate = z.iso.datetime({ offset: true });

export const appointjetPerson = z.looseObject({
  first_name: z.string().nullish(),
  last_name: z.string().nullish(),
  email: z.string().nullish(),
  phone: z.string().nullish(),
});

export const appointjetWebhook = z.looseObject({
  event: z.string().min(1),
  sent_at: isoDate.optional(),
  booking: z.looseObject({
    id: z.union([z.string().min(1), z.number().int()]).transform(String),
    service: z.string().optional(),
    starts_at: isoDate.optional(),
    status: z.string().optional(),
    updated_at: isoDate,
    client: appointjetPerson,
    partner: appointjetPerson.nullish(),
  }),
});
export type AppointjetWebhook = z.infer<typeof appointjetWebhook>;
