import { z } from "zod";
import type { Db } from "@/lib/db/client";
import type { TwilioClient } from "@/lib/vendors/twilio/client";

export const sendSmsSchema = z.object({ body: z.string().trim().min(1, "the message is empty").max(1600, "the message is too long (1600 characters at most)") });

export type SendSmsResult =
  | { ok: true; interactionId: string; messageSid: string; status: string }
  | { ok: false; reason: "no_such_person" | "no_phone" | "no_sender" | "vendor_error"; detail?: string };

/**
 * A staff member texts a person: the message goes out through Twilio (or its
 * simulator) and lands on the person's timeline at once, as queued; Twilio's
 * status callbacks (the SMS processor) move its delivery status forward.
 */
export async function sendSms(
  db: Db,
  twilio: TwilioClient,
  input: { personId: string; staffUserId: string; body: string; statusCallbackUrl: string; fromNumber?: string },
): Promise<SendSmsResult> {
  const person = await db.person.findUnique({
    where: { id: input.personId },
    select: { id: true, phone: true, contactPoints: { where: { kind: "phone", validTo: null }, orderBy: { lastSeenAt: "desc" }, take: 1, select: { value: true } } },
  });
  if (!person) return { ok: false, reason: "no_such_person" };
  const to = person.phone ?? person.contactPoints[0]?.value;
  if (!to) return { ok: false, reason: "no_phone" };
  const staff = await db.staff.findUnique({
    where: { userId: input.staffUserId },
    select: { id: true, contactPoints: { where: { kind: "phone", validTo: null }, take: 1, select: { value: true } } },
  });
  const from = input.fromNumber ?? staff?.contactPoints[0]?.value;
  if (!from) return { ok: false, reason: "no_sender" };
  let message;
  try {
    message = await twilio.messages.create({ to, from, body: input.body, statusCallback: input.statusCallbackUrl });
  } catch (e) {
    return { ok: false, reason: "vendor_error", detail: (e as Error).message };
  }
  const interaction = await db.interactionEvent.create({
    data: {
      personId: person.id,
      staffId: staff?.id ?? null,
      channel: "sms",
      direction: "outbound",
      occurredAt: new Date(),
      summary: input.body.slice(0, 140),
      sms: { create: { vendorMessageId: message.sid, body: input.body, deliveryStatus: message.status } },
    },
  });
  return { ok: true, interactionId: interaction.id, messageSid: message.sid, status: message.status };
}
