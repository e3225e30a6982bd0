/**
 * After a restart or takeover, ask Twilio (REST fetch) what became of each leg
 * the call knows of; the answer becomes the machine's `resumed` event. A leg
 * Twilio does not know (404) is "unknown", which the machine treats as gone. Any
 * other failure throws: better to retry than to close a live call on a guess.
 */
import { z } from "zod";
import type { CallDeps } from "./deps";
import { twilioError } from "@/lib/vendors/twilio/errors";
import { legSid } from "./legs";
import { TWILIO_CALL_STATUSES, type CallEvent, type LegProbe } from "./machine";
import type { LoadedCall } from "./store";

const status = z.enum(TWILIO_CALL_STATUSES);

export async function probeLegs(deps: CallDeps, call: LoadedCall): Promise<Extract<CallEvent, { type: "resumed" }>> {
  const ctx = call.actor.call;
  const sidOf = async (leg: { legKey: string; callSid: string | null } | null | undefined) =>
    leg ? (leg.callSid ?? (await legSid(deps.db, call.id, leg.legKey))) : null;
  const callerSid = ctx.direction === "inbound" ? ctx.callSid : (ctx.person?.callSid ?? null);
  const [caller, staffLeg, transferLeg] = await Promise.all([
    probe(deps, callerSid),
    sidOf(ctx.leg).then((sid) => probe(deps, sid)),
    sidOf(ctx.transfer?.leg).then((sid) => probe(deps, sid)),
  ]);
  return { type: "resumed", caller, staffLeg, transferLeg };
}

async function probe(deps: CallDeps, sid: string | null): Promise<LegProbe | null> {
  if (!sid) return null;
  try {
    const call = await deps.twilio.calls(sid).fetch();
    const parsed = status.safeParse(call.status);
    return parsed.success ? parsed.data : "unknown";
  } catch (e) {
    if (twilioError(e)?.status === 404) return "unknown";
    throw e;
  }
}
