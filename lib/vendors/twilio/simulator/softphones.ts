/**
 * A call to `client:<identity>` with no behaviour set for that party rings the
 * browsers registered for the identity, as Twilio's signalling does: an invite to
 * each (CallSid, From, To, and the custom parameters as `Params`, the query string
 * the Voice SDK turns into call.customParameters). The first device to accept
 * answers the leg (status callbacks and TwiML as for any answered leg) and the
 * others get `cancel`; a reject ends the leg busy (what Twilio reports as the
 * DialCallStatus of a rejected client: twilio/voice-quickstart-ios#238); the leg
 * ending tells the device (`cancel` before answer, `disconnect` after). No device
 * registered: the leg ends no-answer at once, as Twilio ends a call to an identity
 * nobody is registered for (twilio/voice-quickstart-server-node#19: "No Answer",
 * 0 s). DTMF and mute sent by the answering device are recorded on the call.
 */
import { answerCall, endCall } from "./calls";
import type { Sim } from "./context";
import type { DeviceRegistry, SimDevice } from "./devices";
import { API_VERSION } from "./format";
import type { SimCall } from "./model";

/** What the simulator knows about a client leg's phones (SimCall.softphone, shown in /_sim/state). */
export interface SoftphoneLeg {
  identity: string;
  /** devices invited */
  rang: string[];
  answeredBy: string | null;
  rejectedBy: string | null;
  /** the answering device hung up (rather than the app) */
  hungUpByDevice: boolean;
  digits: string;
  muted: boolean;
}

export type DeviceAction = { ok: true; call: SimCall } | { ok: false; status: number; error: string };

const DIGITS = /^[0-9*#wW]{1,64}$/;

export class Softphones {
  /** `sim` is a getter: the simulator's context holds this object */
  constructor(
    private readonly sim: () => Sim,
    readonly registry: DeviceRegistry,
  ) {}

  private get world() {
    return this.sim().world;
  }

  /** Explicit behaviours (tests, scripts) keep deciding; otherwise a client leg rings real (simulated) phones. */
  handles(call: SimCall): boolean {
    return call.to.startsWith("client:") && !this.world.hasExplicitBehaviour(call.to);
  }

  ring(call: SimCall): void {
    const identity = call.to.slice("client:".length);
    const devices = this.registry.forIdentity(identity);
    const leg: SoftphoneLeg = { identity, rang: devices.map((d) => d.id), answeredBy: null, rejectedBy: null, hungUpByDevice: false, digits: "", muted: false };
    call.softphone = leg;
    this.world.changed();
    if (devices.length === 0) {
      call.rt.cancelTimers.push(this.sim().clock.after(0, () => call.rt.ring.resolve("no-answer")));
      return;
    }
    const parameters = { AccountSid: call.accountSid, ApiVersion: API_VERSION, CallSid: call.sid, From: call.from, To: call.to, Params: new URLSearchParams(call.customParams).toString() };
    for (const d of devices) this.registry.send(d, "invite", { callSid: call.sid, parameters });
    const told = new Set<string>();
    const tell = (event: "cancel" | "disconnect", ids: string[]) => {
      for (const id of ids) {
        const d = this.registry.get(id);
        if (d && !told.has(id)) this.registry.send(d, event, { callSid: call.sid });
        told.add(id);
      }
    };
    void call.rt.answered.promise.then((r) => {
      if (r === "answered") tell("cancel", leg.rang.filter((id) => id !== leg.answeredBy));
    });
    void call.rt.ended.promise.then(() => {
      if (leg.answeredBy) tell("disconnect", leg.hungUpByDevice ? [] : [leg.answeredBy]);
      else tell("cancel", leg.rang.filter((id) => id !== leg.rejectedBy));
    });
  }

  accept(device: SimDevice, callSid: string): DeviceAction {
    const r = this.ringingFor(device, callSid);
    if (!r.ok) return r;
    const leg = r.call.softphone as SoftphoneLeg;
    leg.answeredBy = device.id;
    answerCall(this.sim(), r.call); // at once: the status callbacks go, and placeCall goes on to fetch the TwiML
    return r;
  }

  reject(device: SimDevice, callSid: string): DeviceAction {
    const r = this.ringingFor(device, callSid);
    if (!r.ok) return r;
    (r.call.softphone as SoftphoneLeg).rejectedBy = device.id;
    r.call.rt.ring.resolve("busy");
    return r;
  }

  /** Hanging up a leg still ringing is rejecting it. */
  hangup(device: SimDevice, callSid: string): DeviceAction {
    const call = this.world.calls.get(callSid);
    if (call?.status === "ringing") return this.reject(device, callSid);
    const r = this.answeredBy(device, callSid);
    if (!r.ok) return r;
    (r.call.softphone as SoftphoneLeg).hungUpByDevice = true;
    endCall(this.sim(), r.call, "completed");
    return r;
  }

  digits(device: SimDevice, callSid: string, digits: string): DeviceAction {
    if (!DIGITS.test(digits)) return { ok: false, status: 400, error: "digits: 0-9 * # w, up to 64" };
    return this.record(device, callSid, (leg) => void (leg.digits += digits));
  }

  mute(device: SimDevice, callSid: string, muted: boolean): DeviceAction {
    return this.record(device, callSid, (leg) => void (leg.muted = muted));
  }

  /** The live calls a device answered (a device that comes back is told which are still up). */
  answeredCalls(deviceId: string): string[] {
    return [...this.world.calls.values()].filter((c) => c.softphone?.answeredBy === deviceId && c.status === "in-progress").map((c) => c.sid);
  }

  private record(device: SimDevice, callSid: string, change: (leg: SoftphoneLeg) => void): DeviceAction {
    const r = this.answeredBy(device, callSid);
    if (!r.ok) return r;
    change(r.call.softphone as SoftphoneLeg);
    this.world.changed();
    return r;
  }

  private ringingFor(device: SimDevice, callSid: string): DeviceAction {
    const call = this.world.calls.get(callSid);
    if (!call?.softphone?.rang.includes(device.id)) return { ok: false, status: 404, error: "no such call for this device" };
    if (call.status !== "ringing" || call.rt.ring.settled) return { ok: false, status: 409, error: `the call is ${call.status}, not ringing` };
    return { ok: true, call };
  }

  private answeredBy(device: SimDevice, callSid: string): DeviceAction {
    const call = this.world.calls.get(callSid);
    if (!call?.softphone || call.softphone.answeredBy !== device.id) return { ok: false, status: 404, error: "no such call answered by this device" };
    if (call.status !== "in-progress") return { ok: false, status: 409, error: `the call is ${call.status}` };
    return { ok: true, call };
  }
}
