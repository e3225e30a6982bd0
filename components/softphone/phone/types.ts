/**
 * The softphone's phone: the shape of @twilio/voice-sdk's Device and Call, cut to
 * what Switchboard uses. Two implementations, the real SDK (twilio-phone.ts) and
 * one that speaks to the Twilio simulator (simulated-phone.ts); everything above
 * this interface is one code path, whichever is behind it (createPhone picks).
 * Event names, arguments and states are the SDK's.
 */

export type PhoneState = "unregistered" | "registering" | "registered" | "destroyed";

/** A TwilioError, as much of it as the UI needs (code: twilio.com/docs/api/errors). */
export interface PhoneError {
  code: number;
  message: string;
}

export interface PhoneEvents {
  registering: [];
  registered: [];
  unregistered: [];
  incoming: [call: PhoneCall];
  error: [error: PhoneError];
  /** the token expires soon: give the phone a fresh one with updateToken (createPhone does) */
  tokenWillExpire: [];
}

/** Call.State: pending (incoming, not answered), connecting, ringing, open, reconnecting, closed. */
export type PhoneCallStatus = "pending" | "connecting" | "ringing" | "open" | "reconnecting" | "closed";

export interface PhoneCallEvents {
  /** answered and connected */
  accept: [];
  /** ended after it was answered (either side) */
  disconnect: [];
  /** the caller's side gave up before it was answered (the app hung up the leg, it timed out, another phone took it) */
  cancel: [];
  /** this phone rejected it */
  reject: [];
  error: [error: PhoneError];
  mute: [muted: boolean];
  reconnecting: [error: PhoneError];
  reconnected: [];
}

export interface Listenable<E extends { [K in keyof E]: unknown[] }> {
  /** returns the function that removes the listener */
  on<K extends keyof E & string>(event: K, listener: (...args: E[K]) => void): () => void;
  off<K extends keyof E & string>(event: K, listener: (...args: E[K]) => void): void;
}

export interface Phone extends Listenable<PhoneEvents> {
  readonly state: PhoneState;
  /** the client identity the token grants ("staff_<hex>"); "" until first registered */
  readonly identity: string;
  /** resolves once registered; rejects when registration is refused (an error event says why) */
  register(): Promise<void>;
  unregister(): Promise<void>;
  /** a fresh access token, without dropping the registration */
  updateToken(token: string): Promise<void>;
  /** unregisters, ends its calls, and is unusable after */
  destroy(): void;
}

export interface PhoneCall extends Listenable<PhoneCallEvents> {
  /** CallSid, From, To, AccountSid… as Twilio sent them */
  readonly parameters: Readonly<Record<string, string>>;
  /** the leg's custom parameters (for a staff leg: lib/calls/client-identity staffLegParams) */
  readonly customParameters: ReadonlyMap<string, string>;
  accept(): void;
  reject(): void;
  disconnect(): void;
  mute(shouldMute?: boolean): void;
  isMuted(): boolean;
  /** 0-9 * # and w (a half-second pause) */
  sendDigits(digits: string): void;
  status(): PhoneCallStatus;
}
