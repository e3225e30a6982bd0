/**
 * Twilio's voice URL for our number: a caller is on the line. Answer TwiML at
 * once (a greeting, then the caller waits in the call's own conference), having
 * created the PhoneCall and dropped `call_started` in its mailbox. The routing
 * itself happens in the worker, never in this request.
 */
import { z } from "zod";
import { openInboundCall } from "../open-call";
import { callerWaitTwiml } from "../twiml";
import { readVoiceRequest, twiml, unavailable, type VoiceWebDeps } from "./request";

const sid = z.string().regex(/^CA[0-9a-fA-F]{32}$/);
const inboundVoice = z.object({ CallSid: sid, From: z.string().min(1), To: z.string().min(1) });

export async function handleInboundVoice(req: Request, deps: VoiceWebDeps): Promise<Response> {
  const r = await readVoiceRequest(req, inboundVoice, deps);
  if (!r.ok) return r.response;
  let call;
  try {
    call = await openInboundCall(deps.db, { callSid: r.data.CallSid, from: r.data.From, to: r.data.To }, deps.config);
  } catch (e) {
    return unavailable(deps, "inbound call", e);
  }
  if (call.created) deps.log.info({ callId: call.id }, "inbound call opened");
  return twiml(callerWaitTwiml({ greeting: deps.config.greeting, conferenceName: call.conferenceName, statusCallbackUrl: deps.urls.conference(call.id) }));
}
