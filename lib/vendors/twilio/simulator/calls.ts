/**
 * Call legs: creation, ringing according to the called party's behaviour,
 * answer, hang-up, and the status callbacks Twilio sends for each.
 */
import { Latch } from "./clock";
import type { Sim } from "./context";
import { API_VERSION, newSid, rfc2822 } from "./format";
import { isEnded, type Callback, type CallDirection, type EndStatus, type RingOutcome, type SimCall } from "./model";

export interface NewCall {
  from: string;
  to: string;
  direction: CallDirection;
  parentCallSid?: string | null;
  url?: string | null;
  method?: "GET" | "POST";
  twiml?: string | null;
  fallbackUrl?: string | null;
  statusCallback?: Callback | null;
  statusCallbackEvents?: string[];
  timeoutSec?: number;
  status?: "queued" | "ringing";
  customParams?: Record<string, string>;
}

export function newCall(sim: Sim, init: NewCall): SimCall {
  const now = sim.clock.now();
  const call: SimCall = {
    sid: newSid("CA"),
    accountSid: sim.opts.accountSid,
    parentCallSid: init.parentCallSid ?? null,
    from: init.from,
    to: init.to,
    direction: init.direction,
    status: init.status ?? "queued",
    dateCreated: now,
    dateUpdated: now,
    startTime: null,
    endTime: null,
    url: init.url ?? null,
    method: init.method ?? "POST",
    twiml: init.twiml ?? null,
    fallbackUrl: init.fallbackUrl ?? null,
    statusCallback: init.statusCallback ?? null,
    statusCallbackEvents: new Set(init.statusCallbackEvents?.length ? init.statusCallbackEvents : ["completed"]),
    seq: 0,
    timeoutSec: init.timeoutSec ?? 60,
    conferenceSid: null,
    customParams: init.customParams ?? {},
    softphone: null,
    rt: {
      run: new AbortController(),
      ring: new Latch<RingOutcome>(),
      answered: new Latch(),
      ended: new Latch(),
      cancelTimers: [],
      children: new Set(),
      onAnswer: null,
    },
  };
  sim.world.calls.set(call.sid, call);
  sim.world.changed();
  return call;
}

/** The parameters Twilio puts on every voice request about this call. */
export function callParams(sim: Sim, call: SimCall): Record<string, string> {
  return {
    AccountSid: call.accountSid,
    ApiVersion: API_VERSION,
    CallSid: call.sid,
    CallStatus: call.status,
    Called: call.to,
    Caller: call.from,
    Direction: call.direction,
    From: call.from,
    To: call.to,
    ...(call.parentCallSid ? { ParentCallSid: call.parentCallSid } : {}),
  };
}

type StatusEvent = "initiated" | "ringing" | "answered" | "completed";

function setStatus(sim: Sim, call: SimCall, status: SimCall["status"], event: StatusEvent | null): void {
  call.status = status;
  call.dateUpdated = sim.clock.now();
  sim.world.changed();
  if (event) sendStatusCallback(sim, call, event);
}

function sendStatusCallback(sim: Sim, call: SimCall, event: StatusEvent): void {
  const cb = call.statusCallback;
  if (!cb || !call.statusCallbackEvents.has(event)) return;
  const params: Record<string, string> = {
    ...callParams(sim, call),
    CallbackSource: "call-progress-events",
    SequenceNumber: String(call.seq++),
    Timestamp: rfc2822(sim.clock.now()) as string,
  };
  if (event === "completed") {
    params.CallDuration = String(duration(sim, call));
    params.Duration = String(Math.ceil(duration(sim, call) / 60));
  }
  sim.hooks.fire("call-status", cb.url, params, cb.method);
}

export function duration(sim: Sim, call: SimCall): number {
  if (!call.startTime) return 0;
  return sim.clock.secondsBetween(call.startTime, call.endTime ?? sim.clock.now());
}

/**
 * Ring an outgoing leg (API-created or a <Dial> child): initiated → ringing →
 * the called party's behaviour decides: answer, busy, failed, or no answer
 * until the timeout. "manual" waits for the control API. A client with no
 * behaviour set rings the phones registered for it instead (softphones.ts).
 */
export async function placeCall(sim: Sim, call: SimCall): Promise<void> {
  await sim.clock.sleep(0);
  if (isEnded(call.status)) return;
  setStatus(sim, call, "initiated", "initiated");
  setStatus(sim, call, "ringing", "ringing");
  const b = sim.world.behaviourFor(call.to);
  const answer = b.answer ?? "answer";
  const ring = call.rt.ring;
  const later = (sec: number, outcome: RingOutcome) => call.rt.cancelTimers.push(sim.clock.after(sec, () => ring.resolve(outcome)));
  later(call.timeoutSec, "no-answer");
  if (sim.softphones.handles(call)) sim.softphones.ring(call);
  else if (answer === "answer") later(b.answerAfter ?? 1, "answer");
  else if (answer === "busy" || answer === "failed") later(b.declineAfter ?? 1, answer);
  const outcome = await ring.promise;
  if (isEnded(call.status)) return;
  if (outcome !== "answer") return endCall(sim, call, outcome);
  answerCall(sim, call);
  if (b.hangupAfter !== undefined) {
    call.rt.cancelTimers.push(sim.clock.after(b.hangupAfter, () => endCall(sim, call, "completed")));
  }
  await call.rt.onAnswer?.(call);
}

export function answerCall(sim: Sim, call: SimCall): void {
  if (call.status === "in-progress" || isEnded(call.status)) return;
  call.startTime = sim.clock.now();
  call.rt.ring.resolve("answer");
  setStatus(sim, call, "in-progress", "answered");
  call.rt.answered.resolve("answered");
}

/** End a leg with a final status (a ringing leg told "completed" ends canceled). Idempotent. */
export function endCall(sim: Sim, call: SimCall, status: EndStatus): void {
  if (isEnded(call.status)) return;
  const final: EndStatus = status === "completed" && call.status !== "in-progress" ? "canceled" : status;
  call.endTime = sim.clock.now();
  for (const cancel of call.rt.cancelTimers.splice(0)) cancel();
  call.rt.run.abort();
  setStatus(sim, call, final, "completed");
  call.rt.ring.resolve(final === "completed" ? "canceled" : final);
  call.rt.answered.resolve(final);
  call.rt.ended.resolve(final);
  for (const childSid of call.rt.children) {
    const child = sim.world.calls.get(childSid);
    if (child) endCall(sim, child, "completed");
  }
}

/** Replace what the call is doing (a redirect): stop the current TwiML and get a fresh signal. */
export function restartRun(call: SimCall): AbortSignal {
  call.rt.run.abort();
  call.rt.run = new AbortController();
  return call.rt.run.signal;
}
