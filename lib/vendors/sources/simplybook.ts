// SimplyBookMe's real callback only says that something happened:
//   { booking_id, booking_hash, company, notification_type }  (then the app fetches the booking)
// Ours (sent by our simulator, or by a relay that did that fetch) adds the booking itself, so
// a webhook carries everything identity needs. The signature header is ours, not theirs.
import { z } from "zod";

const isoDate = z.iso.datetime({ offset: true });

export const simplybookBooking = z.looseObject({
  id: z.union([z.string().min(1), z.number().int()]).transform(String),
  code: z.string().optional(),
  start_datetime: z.string().optional(),
  end_datetime: z.string().optional(),
  service: z.string().optional(),
  status: z.string().optional(),
  updated_at: isoDate,
  client: z.looseObject({
    id: z.union([z.string(), z.number()]).optional(),
    full_name: z.string().nullish(),
    email: z.string().nullish(),
    phone: z.string().nullish(),
  }),
});

export const simplybookWebhook = z.looseObject({
  booking_id: z.union([z.string().min(1), z.number().int()]).transform(String),
  booking_hash: z.string(),
  company: z.string(),
  notification_type: z.string().min(1), // create | change | cancel | notify
  booking: simplybookBooking,
});
export type SimplybookWebhook = z.infer<typeof simplybookWebhook>;
