/**
 * An incoming call on a simulated phone: the simulator's invite, and the SDK
 * Call's behaviour for it (status moves pending → connecting → open → closed;
 * `cancel` when the other side gives up first, `disconnect` when an answered
 * call ends, `reject` when this phone refuses it). Actions are POSTs to the
 * simulator for this phone's device.
 */
import { Emitter } from "./emitter";
import type { SimulatorLink } from "./simulator-link";
import type { PhoneCall, PhoneCallEvents, PhoneCallStatus, PhoneError } from "./types";

export interface Invite {
  callSid: string;
  parameters: Record<string, string>;
}

const DIGITS = /^[0-9*#wW]+$/;
/** Twilio's GeneralError (31000): what the SDK raises when the far end refuses an action */
const GENERAL = 31000;

export class SimulatedCall extends Emitter<PhoneCallEvents> implements PhoneCall {
  readonly parameters: Readonly<Record<string, string>>;
  readonly customParameters: ReadonlyMap<string, string>;
  private current: PhoneCallStatus = "pending";
  private muted = false;

  constructor(
    private readonly link: Pick<SimulatorLink, "post">,
    invite: Invite,
  ) {
    super();
    this.parameters = { ...invite.parameters, CallSid: invite.callSid };
    // the SDK reads custom parameters from the invite's Params query string the same way
    this.customParameters = new Map(new URLSearchParams(invite.parameters.Params ?? ""));
  }

  get sid(): string {
    return this.parameters.CallSid ?? "";
  }

  status(): PhoneCallStatus {
    return this.current;
  }

  isMuted(): boolean {
    return this.muted;
  }

  accept(): void {
    if (this.current !== "pending") return;
    this.current = "connecting";
    void this.send("accept", {}).then((ok) => {
      if (ok && this.current === "connecting") {
        this.current = "open";
        this.emit("accept");
      } else if (!ok) this.close("cancel"); // it was gone before the accept arrived
    });
  }

  reject(): void {
    if (this.current !== "pending") return;
    this.current = "closed";
    void this.send("reject", {});
    this.emit("reject");
  }

  disconnect(): void {
    if (this.current === "pending") return this.reject();
    if (this.current === "closed") return;
    void this.send("hangup", {});
    this.close("disconnect");
  }

  mute(shouldMute = true): void {
    if (this.muted === shouldMute) return;
    this.muted = shouldMute;
    if (this.current === "open") void this.send("mute", { muted: shouldMute });
    this.emit("mute", shouldMute);
  }

  sendDigits(digits: string): void {
    if (!DIGITS.test(digits)) throw new Error(`Illegal character passed into sendDigits: ${digits}`);
    if (this.current === "open") void this.send("digits", { digits });
  }

  /** From the simulator's stream: the leg ended, or (before answer) was cancelled. */
  ended(event: "cancel" | "disconnect"): void {
    if (this.current === "closed") return;
    this.close(this.current === "pending" || this.current === "connecting" ? "cancel" : event);
  }

  /** The phone lost its signalling stream (true) or got it back (false). */
  signalling(lost: boolean, error?: PhoneError): void {
    if (lost && this.current === "open") {
      this.current = "reconnecting";
      this.emit("reconnecting", error ?? { code: 53001, message: "Signaling connection disconnected" });
    } else if (!lost && this.current === "reconnecting") {
      this.current = "open";
      this.emit("reconnected");
    }
  }

  private close(event: "cancel" | "disconnect"): void {
    this.current = "closed";
    this.emit(event);
  }

  private async send(action: string, body: object): Promise<boolean> {
    const r = await this.link.post(action, { callSid: this.sid, ...body });
    if (!r.ok && r.status !== 0) this.emit("error", { code: GENERAL, message: `${action}: ${r.error}` });
    return r.ok;
  }
}
