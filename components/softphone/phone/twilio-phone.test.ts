/**
 * The Twilio phone maps the SDK's Device and Call onto the interface. A fake
 * Device stands in for the SDK (which needs a browser and Twilio); the type
 * checks pin our states and event names to the SDK's own enums, so an SDK
 * upgrade that changes them fails `tsc`.
 */
import { EventEmitter } from "node:events";
import type { Call as SdkCall, Device as SdkDevice } from "@twilio/voice-sdk";
import { describe, expect, expectTypeOf, it } from "vitest";
import type { PageHandlers } from "./page-lifecycle";
import { TwilioPhone } from "./twilio-phone";
import type { Phone, PhoneCall, PhoneCallStatus, PhoneEvents, PhoneState } from "./types";

class FakeCall extends EventEmitter {
  readonly did: string[] = [];
  parameters = { CallSid: "CA1", From: "+61299990000", To: "client:staff_1" };
  customParameters = new Map([["callId", "c-1"]]);
  private muted = false;
  accept = () => void this.did.push("accept");
  reject = () => void this.did.push("reject");
  disconnect = () => void this.did.push("disconnect");
  mute = (m = true) => void (this.muted = m);
  isMuted = () => this.muted;
  sendDigits = (d: string) => void this.did.push(`digits:${d}`);
  status = () => "pending";
}

class FakeDevice extends EventEmitter {
  static made: FakeDevice[] = [];
  state = "unregistered";
  identity = "staff_1";
  isBusy = false;
  incomingSound = true;
  destroyed = false;
  audio = { incoming: (on?: boolean) => (on === undefined ? this.incomingSound : (this.incomingSound = on)) };
  constructor(
    public token: string,
    public options: SdkDevice.Options,
  ) {
    super();
    FakeDevice.made.push(this);
  }
  register = async () => {
    this.state = "registering";
    this.emit("registering");
    this.state = "registered";
    this.emit("registered");
  };
  unregister = async () => {
    this.state = "unregistered";
    this.emit("unregistered");
  };
  updateToken = (t: string) => void (this.token = t);
  destroy = () => {
    this.destroyed = true;
    this.state = "destroyed";
    this.emit("unregistered");
  };
}

function make() {
  FakeDevice.made.length = 0;
  let page: PageHandlers = { onHide: () => {}, onWake: () => {} };
  const phone = new TwilioPhone(FakeDevice as unknown as new (t: string, o?: SdkDevice.Options) => SdkDevice, "jwt-1", {
    page: { watch: (h) => ((page = h), () => {}) },
  });
  const seen: string[] = [];
  for (const e of ["registering", "registered", "unregistered", "tokenWillExpire"] as const) phone.on(e, () => seen.push(e));
  phone.on("error", (e) => seen.push(`error:${e.code}`));
  return { phone, seen, page: () => page, device: () => FakeDevice.made.at(-1) as FakeDevice };
}

describe("the Twilio phone", () => {
  it("is the SDK's shape: states and event names are the SDK's enums", () => {
    expectTypeOf<`${SdkDevice.State}`>().toEqualTypeOf<PhoneState>();
    expectTypeOf<`${SdkCall.State}`>().toEqualTypeOf<PhoneCallStatus>();
    expectTypeOf<keyof PhoneEvents>().toExtend<`${SdkDevice.EventName}`>();
    expectTypeOf<TwilioPhone>().toExtend<Phone>();
  });

  it("turns the SDK's ringtone off, protects the page during a call, and passes the Device's events on", async () => {
    const { phone, seen, device } = make();
    expect(device().incomingSound).toBe(false);
    expect(device().options).toMatchObject({ closeProtection: true });
    await phone.register();
    expect([phone.state, phone.identity]).toEqual(["registered", "staff_1"]);
    device().emit("tokenWillExpire", device());
    await phone.updateToken("jwt-2");
    expect(device().token).toBe("jwt-2");
    device().emit("error", { code: 31005, message: "Connection error" });
    device().state = "unregistered"; // the token expired under it
    device().emit("unregistered");
    await phone.updateToken("jwt-3");
    expect([device().token, phone.state]).toEqual(["jwt-3", "registered"]);
    expect(seen).toEqual(["registering", "registered", "tokenWillExpire", "error:31005", "unregistered", "registering", "registered"]);
  });

  it("wraps an incoming Call: parameters, custom parameters, actions and events", () => {
    const { phone, device } = make();
    const calls: PhoneCall[] = [];
    phone.on("incoming", (c) => calls.push(c));
    const sdkCall = new FakeCall();
    device().emit("incoming", sdkCall);
    const call = calls[0] as PhoneCall;
    expect([call.parameters.CallSid, call.customParameters.get("callId"), call.status()]).toEqual(["CA1", "c-1", "pending"]);
    const seen: string[] = [];
    for (const e of ["accept", "disconnect", "cancel", "reject", "reconnected"] as const) call.on(e, () => seen.push(e));
    call.on("mute", (m) => seen.push(`mute:${m}`));
    call.on("reconnecting", (e) => seen.push(`reconnecting:${e.code}`));
    call.on("error", (e) => seen.push(`error:${e.code}`));
    call.accept();
    call.sendDigits("1#");
    call.mute();
    expect(call.isMuted()).toBe(true);
    call.reject();
    call.disconnect();
    expect(sdkCall.did).toEqual(["accept", "digits:1#", "reject", "disconnect"]);
    for (const e of ["accept", "cancel", "reject", "reconnected", "disconnect"]) sdkCall.emit(e, sdkCall);
    sdkCall.emit("mute", true, sdkCall);
    sdkCall.emit("reconnecting", { code: 53001, message: "Signaling connection disconnected" });
    sdkCall.emit("error", { code: 31201, message: "no mic" });
    expect(seen).toEqual(["accept", "cancel", "reject", "reconnected", "disconnect", "mute:true", "reconnecting:53001", "error:31201"]);
  });

  it("re-registers on a new Device when a frozen tab wakes, not while a call is up; destroyed on pagehide unless cached", async () => {
    const { phone, seen, page, device } = make();
    page().onWake(); // never asked to register: nothing to restore
    expect(FakeDevice.made).toHaveLength(1);
    await phone.register();
    const first = device();
    first.isBusy = true;
    page().onWake();
    expect(FakeDevice.made).toHaveLength(1);
    first.isBusy = false;
    page().onWake();
    await Promise.resolve();
    expect(FakeDevice.made).toHaveLength(2);
    expect([first.destroyed, device().state, device().token]).toEqual([true, "registered", "jwt-1"]);
    expect(seen).toEqual(["registering", "registered", "registering", "registered"]); // the stale Device's teardown is not passed on
    page().onHide(true);
    expect(phone.state).toBe("registered");
    page().onHide(false);
    expect([phone.state, device().destroyed]).toEqual(["destroyed", true]);
  });
});
