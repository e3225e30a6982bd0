/**
 * After a call: the staff member's note and outcome, saved to the call (it shows
 * with the call on the person's timeline and in the next screen pop), and the end
 * of their wrap-up, so routing may ring them again. Saving twice edits the note.
 */
import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { interactionIdFor } from "@/lib/calls/call-interaction";
import { offerToQueue } from "@/lib/staff/presence";
import { presenceChanged } from "@/lib/staff/presence-news";

export const WRAP_UP_OUTCOMES = ["resolved", "follow_up", "callback_requested", "no_action", "other"] as const;
export type WrapUpOutcome = (typeof WRAP_UP_OUTCOMES)[number];

export const wrapUpBody = z.object({
  note: z.string().trim().max(4000, "the note is too long (4000 characters at most)"),
  outcome: z.enum(WRAP_UP_OUTCOMES).nullable().default(null),
});
export type WrapUpBody = z.infer<typeof wrapUpBody>;

export type SaveWrapUp = { ok: true; endedWrapUp: boolean } | { ok: false; reason: "no_such_call" | "not_on_call" | "call_live" };

export async function saveWrapUp(db: Db, input: { callId: string; staffId: string } & WrapUpBody): Promise<SaveWrapUp> {
  return db.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<{ state: string; staff_id: string | null; wrapping: boolean; held: boolean }[]>`
      SELECT c.state::text, c.staff_id::text,
             coalesce(s.wrap_up_call_id = c.id, false) AS wrapping, coalesce(s.busy_call_id = c.id, false) AS held
        FROM phone_calls c LEFT JOIN staff s ON s.id = ${input.staffId}::uuid
       WHERE c.id = ${input.callId}::uuid`;
    const call = rows[0];
    if (!call) return { ok: false, reason: "no_such_call" } as const;
    // Their line is still held by this call: the engine has not caught up with the hang-up yet
    // (it may not even have recorded the answer, so staff_id can still be empty), and its release
    // would put them into a fresh wrap-up after this save: ask again (409) rather than refuse.
    if (call.held) return { ok: false, reason: "call_live" } as const;
    if (call.staff_id !== input.staffId && !call.wrapping) return { ok: false, reason: "not_on_call" } as const;
    if (call.state !== "completed" && call.state !== "failed") return { ok: false, reason: "call_live" } as const;
    await tx.$executeRaw`
      INSERT INTO call_wrap_ups (phone_call_id, interaction_id, staff_id, note, outcome)
      VALUES (${input.callId}::uuid, ${interactionIdFor(input.callId)}::uuid, ${input.staffId}::uuid, ${input.note}, ${input.outcome})
      ON CONFLICT (phone_call_id) DO UPDATE SET note = EXCLUDED.note, outcome = EXCLUDED.outcome, staff_id = EXCLUDED.staff_id, saved_at = now()`;
    const ended = await tx.$executeRaw`
      UPDATE staff SET presence = 'available', presence_changed_at = now(), wrap_up_until = NULL, wrap_up_call_id = NULL
       WHERE id = ${input.staffId}::uuid AND presence = 'wrap_up' AND wrap_up_call_id = ${input.callId}::uuid`;
    if (ended > 0) {
      await offerToQueue(tx);
      await presenceChanged(tx, [{ id: input.staffId, presence: "available" }]);
    }
    return { ok: true, endedWrapUp: ended > 0 } as const;
  });
}
