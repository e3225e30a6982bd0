/** Someone calls one of our numbers: Twilio asks the voice URL what to do (CallStatus=ringing). */
import { endCall, newCall } from "./calls";
import type { Sim } from "./context";
import type { SimCall } from "./model";
import { runCall } from "./runner";

export interface InboundCall {
  from: string;
  to: string;
  /** overrides the simulator's voiceUrl for this call */
  url?: string;
  /** the caller hangs up this many simulated seconds after dialling (default: the caller's behaviour) */
  hangupAfter?: number;
}

export function startInbound(sim: Sim, input: InboundCall): SimCall {
  const url = input.url ?? sim.opts.voiceUrl;
  if (!url) throw new Error("no voice URL: pass voiceUrl to the simulator or url with the call");
  const cb = sim.opts.voiceStatusCallback;
  const call = newCall(sim, {
    from: input.from,
    to: input.to,
    direction: "inbound",
    status: "ringing",
    url,
    fallbackUrl: sim.opts.voiceFallbackUrl,
    statusCallback: cb ? { url: cb, method: "POST" } : null,
    statusCallbackEvents: sim.opts.voiceStatusCallbackEvents,
  });
  const hangupAfter = input.hangupAfter ?? sim.world.behaviourFor(input.from).hangupAfter;
  if (hangupAfter !== undefined) {
    call.rt.cancelTimers.push(sim.clock.after(hangupAfter, () => endCall(sim, call, "completed")));
  }
  void runCall(sim, call, { kind: "voice", url, method: "POST", fallbackUrl: sim.opts.voiceFallbackUrl }, call.rt.run.signal);
  return call;
}
