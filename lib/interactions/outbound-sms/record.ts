/**
 * A staff member texts a person: the message is recorded first (the interaction, its
 * sms_details as "pending", its outbox row) in one transaction keyed by the client's
 * Idempotency-Key, and the worker's sender sends it (send.ts). Nothing here talks to Twilio,
 * so a double submit sends nothing twice and a failure after the send cannot lose the record.
 */
import { createHash } from "node:crypto";
import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { findOutboundSms, type OutboundSms } from "./view";
import { wakeSmsSender } from "./wake";
import { timelineChanged } from "@/lib/people/timeline-news";

export const outboundSmsBody = z.object({
  body: z.string().trim().min(1, "the message is empty").max(1600, "the message is too long (1600 characters at most)"),
});

/** The Idempotency-Key header: any visible ASCII (the composer sends a UUID). */
export const idempotencyKey = z
  .string({ error: "an Idempotency-Key header is required" })
  .trim()
  .min(1, "an Idempotency-Key header is required")
  .max(255, "the Idempotency-Key is too long (255 characters at most)")
  .regex(/^[\x21-\x7e]+$/, "the Idempotency-Key must be visible ASCII");

export type RecordSmsInput = {
  personId: string;
  staffUserId: string;
  idempotencyKey: string;
  body: string;
  statusCallbackUrl: string;
  fromNumber?: string;
};

export type RecordSmsResult =
  | { ok: true; replayed: boolean; sms: OutboundSms }
  | { ok: false; reason: "no_such_person" | "no_phone" | "no_sender" | "key_reused" };

export async function recordOutboundSms(db: Db, input: RecordSmsInput): Promise<RecordSmsResult> {
  const hash = createHash("sha256").update(`${input.personId}\n${input.body}`).digest("hex");
  // A retry of a request that got this far answers what the first one recorded.
  const earlier = await replay(db, input, hash);
  if (earlier) return earlier;

  const target = await addresses(db, input);
  if (!target.ok) return target;

  const recorded = await db.$transaction(async (tx): Promise<RecordSmsResult> => {
    // Concurrent requests with one key queue here; the second finds the first's record.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(7202, hashtext(${`${input.staffUserId}\n${input.idempotencyKey}`}))`;
    const again = await replay(tx, input, hash);
    if (again) return again;
    const interaction = await tx.interactionEvent.create({
      data: {
        personId: input.personId,
        staffId: target.staffId,
        channel: "sms",
        direction: "outbound",
        occurredAt: new Date(),
        summary: input.body.slice(0, 140),
        sms: { create: { body: input.body, deliveryStatus: "pending" } },
      },
      select: { id: true },
    });
    await tx.smsOutbox.create({
      data: {
        interactionId: interaction.id,
        userId: input.staffUserId,
        idempotencyKey: input.idempotencyKey,
        requestHash: hash,
        toAddress: target.to,
        fromAddress: target.from,
        statusCallback: input.statusCallbackUrl,
      },
    });
    await timelineChanged(tx, [input.personId]);
    const sms: OutboundSms = { interactionId: interaction.id, status: "pending", error: null, messageSid: null };
    return { ok: true, replayed: false, sms };
  });
  if (recorded.ok && !recorded.replayed) wakeSmsSender(db);
  return recorded;
}

type Q = Pick<Db, "$queryRaw">;

async function replay(db: Q, input: RecordSmsInput, hash: string): Promise<RecordSmsResult | null> {
  const rows = await db.$queryRaw<{ interaction_id: string; request_hash: string; person_id: string }[]>`
    SELECT o.interaction_id::text, o.request_hash, i.person_id::text
      FROM sms_outbox o JOIN interaction_events i ON i.id = o.interaction_id
     WHERE o.user_id = ${input.staffUserId} AND o.idempotency_key = ${input.idempotencyKey}`;
  const row = rows[0];
  if (!row) return null;
  if (row.request_hash !== hash) return { ok: false, reason: "key_reused" };
  const sms = await findOutboundSms(db, row.person_id, row.interaction_id);
  return sms ? { ok: true, replayed: true, sms } : null;
}

type Addresses = { ok: true; to: string; from: string; staffId: string | null } | { ok: false; reason: "no_such_person" | "no_phone" | "no_sender" };

/** The person's current phone, and the line to send from (configured, or the staff member's own). */
async function addresses(db: Db, input: RecordSmsInput): Promise<Addresses> {
  const person = await db.person.findUnique({
    where: { id: input.personId },
    select: { phone: true, contactPoints: { where: { kind: "phone", validTo: null }, orderBy: { lastSeenAt: "desc" }, take: 1, select: { value: true } } },
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
  return { ok: true, to, from, staffId: staff?.id ?? null };
}
