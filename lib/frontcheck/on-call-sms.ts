/**
 * The on-call staff member's SMS for an incident, through the outbound SMS outbox (the worker's
 * sender sends it, retries it, and follows its status): an outbound sms interaction with no
 * person (it is about us, not a customer), its sms_details "pending" and its outbox row, in the
 * incident's own transaction, so one incident texts once.
 */
import { createHash } from "node:crypto";
import type { Prisma } from "@/lib/db/generated/client";

type Tx = Prisma.TransactionClient;

export type OnCallSms = { ok: true; interactionId: string } | { ok: false; note: string };

export interface OnCallSettings {
  /** a user's email, or a staff id */
  onCall: string | null;
  fromNumber: string;
  statusCallbackUrl: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function queueOnCallSms(tx: Tx, incidentId: string, body: string, settings: OnCallSettings): Promise<OnCallSms> {
  if (!settings.onCall) return { ok: false, note: "no on-call staff member configured (FRONTCHECK_ON_CALL)" };
  const staff = await tx.staff.findFirst({
    where: UUID.test(settings.onCall) ? { id: settings.onCall } : { user: { email: settings.onCall.toLowerCase() } },
    select: { id: true, contactPoints: { where: { kind: "phone", validTo: null }, take: 1, select: { value: true } } },
  });
  if (!staff) return { ok: false, note: `on-call staff member ${settings.onCall} not found` };
  const to = staff.contactPoints[0]?.value;
  if (!to) return { ok: false, note: "the on-call staff member has no phone number" };
  const interaction = await tx.interactionEvent.create({
    data: { staffId: staff.id, channel: "sms", direction: "outbound", occurredAt: new Date(), summary: body.slice(0, 140), sms: { create: { body, deliveryStatus: "pending" } } },
    select: { id: true },
  });
  await tx.smsOutbox.create({
    data: {
      interactionId: interaction.id,
      userId: null,
      idempotencyKey: `frontcheck:${incidentId}`,
      requestHash: createHash("sha256").update(`${to}\n${body}`).digest("hex"),
      toAddress: to,
      fromAddress: settings.fromNumber,
      statusCallback: settings.statusCallbackUrl,
    },
  });
  return { ok: true, interactionId: interaction.id };
}
