/**
 * Staff commands on a live call (hold, mute, transfer, hang up): validated here,
 * then dropped in the call's mailbox like any other event; the actor applies
 * them in order with everything else. Only a staff member on the call (its
 * connected or transfer-target leg) may command it.
 */
import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { isTerminal, type CallEvent } from "./machine";
import { enqueue, machineMail } from "./mailbox";
import { actorContextSchema, callStateSchema } from "./schemas";

const party = z.enum(["caller", "staff"]);

export const CALL_COMMANDS = ["hold", "mute", "transfer", "handover", "cancel-transfer", "hangup"] as const;
export type CallCommand = (typeof CALL_COMMANDS)[number];

const bodies = {
  hold: z.object({ party, hold: z.boolean() }),
  mute: z.object({ party, muted: z.boolean() }),
  transfer: z.object({ toStaffId: z.uuid(), mode: z.enum(["warm", "cold"]) }),
  handover: z.object({}),
  "cancel-transfer": z.object({}),
  hangup: z.object({}),
} satisfies Record<CallCommand, z.ZodType>;

export type CommandParse = { ok: true; event: CallEvent } | { ok: false; reason: string };

/** An API body → the machine event it asks for. */
export function commandEvent(command: CallCommand, body: unknown): CommandParse {
  const fail = (e: z.ZodError): CommandParse => ({ ok: false, reason: e.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ") });
  switch (command) {
    case "hold": {
      const r = bodies.hold.safeParse(body);
      return r.success ? { ok: true, event: { type: "hold_requested", party: r.data.party, hold: r.data.hold } } : fail(r.error);
    }
    case "mute": {
      const r = bodies.mute.safeParse(body);
      return r.success ? { ok: true, event: { type: "mute_requested", party: r.data.party, muted: r.data.muted } } : fail(r.error);
    }
    case "transfer": {
      const r = bodies.transfer.safeParse(body);
      return r.success ? { ok: true, event: { type: "transfer_requested", toStaffId: r.data.toStaffId, mode: r.data.mode } } : fail(r.error);
    }
    case "handover":
      return { ok: true, event: { type: "transfer_handover" } };
    case "cancel-transfer":
      return { ok: true, event: { type: "transfer_cancelled" } };
    case "hangup":
      return { ok: true, event: { type: "hangup_requested" } };
    default: {
      const never: never = command;
      return never;
    }
  }
}

export type SendResult = { ok: true; queued: boolean } | { ok: false; reason: "not_found" | "call_ended" | "not_on_call" };

/** `requestId` makes a retried request a no-op (the client's Idempotency-Key, else a fresh id). */
export async function sendCallCommand(
  db: Db,
  input: { callId: string; staffId: string; event: CallEvent; requestId?: string },
): Promise<SendResult> {
  const rows = await db.$queryRaw<{ state: string; context: unknown }[]>`
    SELECT state::text, context FROM phone_calls WHERE id = ${input.callId}::uuid`;
  const row = rows[0];
  if (!row) return { ok: false, reason: "not_found" };
  if (isTerminal(callStateSchema.parse(row.state))) return { ok: false, reason: "call_ended" };
  const ctx = actorContextSchema.parse(row.context).call;
  if (ctx.leg?.staffId !== input.staffId && ctx.transfer?.leg.staffId !== input.staffId) return { ok: false, reason: "not_on_call" };
  const queued = await enqueue(db, { callId: input.callId, dedupeKey: `command:${input.requestId ?? randomUUID()}`, mail: machineMail(input.event) });
  return { ok: true, queued };
}

/** The Staff row of a signed-in user, if they are staff. */
export async function staffIdForUser(db: Db, userId: string): Promise<string | null> {
  const s = await db.staff.findUnique({ where: { userId }, select: { id: true } });
  return s?.id ?? null;
}
