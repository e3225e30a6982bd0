/** What the call actor needs from the outside world, passed in (tests and scripts pass their own). */
import type { Db } from "@/lib/db/client";
import type { Logger } from "@/lib/log/logger";
import type { TwilioClient } from "@/lib/vendors/twilio/client";
import type { CallConfig } from "./config";
import type { VoiceUrls } from "./urls";

export type SendJob = (name: string, data: object, options?: { singletonKey?: string }) => Promise<void>;

export interface CallDeps {
  db: Db;
  twilio: TwilioClient;
  config: CallConfig;
  urls: VoiceUrls;
  log: Logger;
  sendJob: SendJob;
}
