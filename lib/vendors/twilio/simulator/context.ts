/** What every part of the simulator shares. */
import type { SimClock } from "./clock";
import type { World } from "./model";
import type { Softphones } from "./softphones";
import type { WebhookSender } from "./webhooks";

export interface SimOptions {
  accountSid: string;
  authToken: string;
  /** the app's voice webhook for inbound calls */
  voiceUrl: string | null;
  voiceFallbackUrl: string | null;
  /** the phone number's status callback for inbound calls, and its events (Twilio sends "completed") */
  voiceStatusCallback: string | null;
  voiceStatusCallbackEvents: string[];
  /** the app's SMS webhook for inbound messages */
  smsUrl: string | null;
  /** simulated seconds a <Say> takes per word (min 1 s) */
  secondsPerWord: number;
  /** simulated seconds one <Play> loop takes */
  playSeconds: number;
  /** simulated seconds between a <Record> ending and its recording status callback */
  recordingDelay: number;
  /** the API key that signs softphone access tokens (the simulator verifies them) */
  apiKeySid: string;
  apiKeySecret: string;
}

export interface Sim {
  readonly opts: SimOptions;
  readonly world: World;
  readonly clock: SimClock;
  readonly hooks: WebhookSender;
  /** browsers registered for client identities, and the client legs ringing them */
  readonly softphones: Softphones;
  /** base URL of the simulator (for RecordingUrl, uri fields) */
  baseUrl(): string;
}
