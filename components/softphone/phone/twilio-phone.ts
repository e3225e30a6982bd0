/**
 * The phone on Twilio's own signalling: @twilio/voice-sdk's Device, imported
 * only when this phone is made (the simulated path never loads it). What it adds
 * to the bare Device:
 * - the SDK's incoming ringtone off: the app plays its own, and the SDK's can keep
 *   ringing after a call is answered or gone (twilio/twilio-voice.js#222, #312:
 *   disable it at construction and play your own);
 * - closeProtection: leaving the page during a call asks first;
 * - a frozen background tab that wakes is re-registered on a new Device even though
 *   the old one still says "registered" (#444), unless a call is up;
 * - destroyed on `pagehide`, so a closed tab's registration and calls end at once
 *   (#118), except when the page goes into the back/forward cache: the SDK
 *   (2.18.4+) parks and restores its own signalling then.
 */
import type { Call as SdkCall, Device as SdkDevice } from "@twilio/voice-sdk";
import { Emitter } from "./emitter";
import { browserPage, type PageLifecycle } from "./page-lifecycle";
import { TwilioCall, phoneError } from "./twilio-call";
import type { Phone, PhoneEvents, PhoneState } from "./types";

type DeviceCtor = new (token: string, options?: SdkDevice.Options) => SdkDevice;

export interface TwilioPhoneOptions {
  /** default: import("@twilio/voice-sdk") */
  loadSdk?: () => Promise<{ Device: DeviceCtor }>;
  page?: PageLifecycle;
  deviceOptions?: SdkDevice.Options;
}

export async function createTwilioPhone(token: string, opts: TwilioPhoneOptions = {}): Promise<TwilioPhone> {
  const { Device } = await (opts.loadSdk ?? (() => import("@twilio/voice-sdk")))();
  return new TwilioPhone(Device, token, opts);
}

export class TwilioPhone extends Emitter<PhoneEvents> implements Phone {
  private device: SdkDevice;
  /** the app asked to be registered (and has not unregistered since) */
  private wanted = false;
  private destroyed = false;
  private readonly stopWatching: () => void;

  constructor(
    private readonly Device: DeviceCtor,
    private token: string,
    private readonly opts: TwilioPhoneOptions = {},
  ) {
    super();
    this.device = this.make();
    this.stopWatching = (opts.page ?? browserPage()).watch({
      onHide: (persisted) => {
        if (!persisted) this.destroy();
      },
      onWake: () => this.woke(),
    });
  }

  get state(): PhoneState {
    return this.destroyed ? "destroyed" : (this.device.state as PhoneState);
  }

  get identity(): string {
    return this.device.identity ?? "";
  }

  async register(): Promise<void> {
    this.wanted = true;
    await this.device.register();
  }

  async unregister(): Promise<void> {
    this.wanted = false;
    await this.device.unregister();
  }

  async updateToken(token: string): Promise<void> {
    this.token = token;
    this.device.updateToken(token);
    // an expired token unregistered it while it was meant to be registered: register with the new one
    if (this.wanted && this.device.state === "unregistered") await this.device.register();
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.wanted = false;
    this.stopWatching();
    this.device.destroy();
    this.removeAllListeners();
  }

  private make(): SdkDevice {
    const d = new this.Device(this.token, { closeProtection: true, ...this.opts.deviceOptions });
    d.audio?.incoming(false);
    d.on("registering", () => this.emit("registering"));
    d.on("registered", () => this.emit("registered"));
    d.on("unregistered", () => this.emit("unregistered"));
    d.on("error", (e: unknown) => this.emit("error", phoneError(e)));
    d.on("incoming", (call: SdkCall) => this.emit("incoming", new TwilioCall(call)));
    d.on("tokenWillExpire", () => this.emit("tokenWillExpire"));
    return d;
  }

  /** After a freeze the old Device may be registered in name only: replace it, unless it carries a call. */
  private woke(): void {
    if (this.destroyed || !this.wanted || this.device.isBusy) return;
    const stale = this.device;
    this.device = this.make();
    stale.removeAllListeners(); // its teardown is not news to the app
    stale.destroy();
    this.device.register().catch((e: unknown) => this.emit("error", phoneError(e)));
  }
}
