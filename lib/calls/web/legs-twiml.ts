/**
 * TwiML for the legs the worker creates: a staff leg joins the call's conference
 * when answered, the outbound person leg too, and the caller redirected to
 * voicemail records a message. The PhoneCall is read (never written): a leg the
 * call has moved on from (given up after its ring timeout, or the call ended)
 * is hung up instead of joining.
 */
import { z } from "zod";
import { isTerminal } from "../machine";
import { actorContextSchema, callStateSchema } from "../schemas";
import { hangupTwiml, personJoinTwiml, staffJoinTwiml, voicemailTwiml } from "../twiml";
import { readVoiceRequest, twiml, unavailable, type VoiceWebDeps } from "./request";

const legRequest = z.object({ call: z.uuid(), leg: z.string().min(1).optional() });

type Current = { conferenceName: string; legs: string[]; live: boolean };

async function current(deps: VoiceWebDeps, callId: string): Promise<Current | null> {
  const rows = await deps.db.$queryRaw<{ state: string; context: unknown }[]>`
    SELECT state::text, context FROM phone_calls WHERE id = ${callId}::uuid`;
  const row = rows[0];
  if (!row) return null;
  const ctx = actorContextSchema.parse(row.context).call;
  const legs = [ctx.leg?.legKey, ctx.transfer?.leg.legKey].filter((k): k is string => k !== undefined);
  return { conferenceName: ctx.conferenceName, legs, live: !isTerminal(callStateSchema.parse(row.state)) };
}

/** The leg's request and its call as stored (null: no such call), or the response to give instead. */
async function legAndCall(req: Request, deps: VoiceWebDeps, what: string): Promise<{ ok: true; data: z.infer<typeof legRequest>; call: Current | null } | { ok: false; response: Response }> {
  const r = await readVoiceRequest(req, legRequest, deps);
  if (!r.ok) return r;
  try {
    return { ok: true, data: r.data, call: await current(deps, r.data.call) };
  } catch (e) {
    return { ok: false, response: unavailable(deps, what, e) };
  }
}

export async function handleStaffTwiml(req: Request, deps: VoiceWebDeps): Promise<Response> {
  const r = await legAndCall(req, deps, "staff leg");
  if (!r.ok) return r.response;
  const { data, call } = r;
  if (!call?.live || !data.leg || !call.legs.includes(data.leg)) return twiml(hangupTwiml());
  return twiml(staffJoinTwiml({ conferenceName: call.conferenceName, statusCallbackUrl: deps.urls.conference(data.call) }));
}

export async function handlePersonTwiml(req: Request, deps: VoiceWebDeps): Promise<Response> {
  const r = await legAndCall(req, deps, "person leg");
  if (!r.ok) return r.response;
  const { data, call } = r;
  if (!call?.live) return twiml(hangupTwiml());
  return twiml(personJoinTwiml({ conferenceName: call.conferenceName, statusCallbackUrl: deps.urls.conference(data.call) }));
}

export async function handleVoicemailTwiml(req: Request, deps: VoiceWebDeps): Promise<Response> {
  const r = await readVoiceRequest(req, legRequest, deps);
  if (!r.ok) return r.response;
  const id = r.data.call;
  return twiml(
    voicemailTwiml({ prompt: deps.config.voicemailPrompt, actionUrl: deps.urls.voicemailDone(id), recordingStatusCallbackUrl: deps.urls.recording(id) }),
  );
}
