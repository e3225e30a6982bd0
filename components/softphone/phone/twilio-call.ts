/** An SDK Call behind the phone interface: the same methods, its events passed on with plain arguments. */
import type { Call as SdkCall } from "@twilio/voice-sdk";
import { Emitter } from "./emitter";
import type { PhoneCall, PhoneCallEvents, PhoneCallStatus, PhoneError } from "./types";

/** A TwilioError (or anything thrown) as the interface's PhoneError. */
export function phoneError(e: unknown): PhoneError {
  const x = (typeof e === "object" && e !== null ? e : {}) as { code?: unknown; message?: unknown };
  return { code: typeof x.code === "number" ? x.code : 31000, message: typeof x.message === "string" ? x.message : String(e) };
}

export class TwilioCall extends Emitter<PhoneCallEvents> implements PhoneCall {
  constructor(private readonly call: SdkCall) {
    super();
    call.on("accept", () => this.emit("accept"));
    call.on("disconnect", () => this.emit("disconnect"));
    call.on("cancel", () => this.emit("cancel"));
    call.on("reject", () => this.emit("reject"));
    call.on("error", (e: unknown) => this.emit("error", phoneError(e)));
    call.on("mute", (muted: boolean) => this.emit("mute", muted));
    call.on("reconnecting", (e: unknown) => this.emit("reconnecting", phoneError(e)));
    call.on("reconnected", () => this.emit("reconnected"));
  }

  get parameters(): Readonly<Record<string, string>> {
    return this.call.parameters;
  }

  get customParameters(): ReadonlyMap<string, string> {
    return this.call.customParameters;
  }

  accept(): void {
    this.call.accept();
  }

  reject(): void {
    this.call.reject();
  }

  disconnect(): void {
    this.call.disconnect();
  }

  mute(shouldMute = true): void {
    this.call.mute(shouldMute);
  }

  isMuted(): boolean {
    return this.call.isMuted();
  }

  sendDigits(digits: string): void {
    this.call.sendDigits(digits);
  }

  status(): PhoneCallStatus {
    return this.call.status() as PhoneCallStatus;
  }
}
