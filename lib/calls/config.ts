/**
 * Settings of the call engine, from the environment (validated once, at boot of
 * whichever process reads them). The web reads the routing settings when it
 * creates a PhoneCall and stores them in the call's context, so a call keeps the
 * settings it started with even if a worker restarts with other ones.
 */
import { z } from "zod";
import { DEFAULT_EFFECT_RETRY, type RetryPolicy } from "./effect-retry";
import { DEFAULT_MAX_ATTEMPTS, DEFAULT_RING_TIMEOUT_MS, DEFAULT_VOICEMAIL_WAIT_MS } from "./machine";

const ms = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const schema = z.object({
  PUBLIC_BASE_URL: z.url().optional(),
  PORT: z.coerce.number().int().positive().default(3000),
  /** our Twilio number: the caller ID of outbound calls and of legs we place to the person */
  CALL_CALLER_ID: z.string().regex(/^\+\d{6,15}$/, "E.164, e.g. +61299998888").default("+61299990000"),
  CALL_RING_TIMEOUT_MS: ms(DEFAULT_RING_TIMEOUT_MS),
  CALL_MAX_ATTEMPTS: z.coerce.number().int().positive().default(DEFAULT_MAX_ATTEMPTS),
  CALL_VOICEMAIL_WAIT_MS: ms(DEFAULT_VOICEMAIL_WAIT_MS),
  /** how long a worker owns a call without renewing; a dead worker's calls move after this */
  CALL_LEASE_MS: ms(15_000),
  /** attempts at an effect before it is given up and the machine told; the first retry waits CALL_EFFECT_RETRY_MS, each next one twice as long */
  CALL_EFFECT_MAX_ATTEMPTS: z.coerce.number().int().positive().default(DEFAULT_EFFECT_RETRY.maxAttempts),
  CALL_EFFECT_RETRY_MS: ms(DEFAULT_EFFECT_RETRY.firstRetryMs),
  /** how long a caller waits in the queue when everyone on shift is busy, then voicemail; 0: no queue */
  CALL_QUEUE_MAX_WAIT_MS: z.coerce.number().int().nonnegative().default(120_000),
  /** routing rings only staff whose softphone sent a heartbeat this recently (lib/staff/presence.ts) */
  SOFTPHONE_HEARTBEAT_TTL_S: z.coerce.number().int().positive().default(30),
  /** after a call they talked on, staff are in wrap-up this long unless they finish sooner; 0: none */
  WRAP_UP_TIMEOUT_S: z.coerce.number().int().nonnegative().default(90),
  CALL_GREETING: z.string().min(1).default("Thanks for calling. Please hold while we find someone for you."),
  CALL_VOICEMAIL_PROMPT: z.string().min(1).default("Nobody can take your call right now. Please leave a message after the tone."),
  DEFAULT_REGION: z.string().length(2).default("AU"),
});

export type CallConfig = {
  publicBaseUrl: string;
  callerId: string;
  ringTimeoutMs: number;
  maxAttempts: number;
  voicemailWaitMs: number;
  leaseMs: number;
  effectRetry: RetryPolicy;
  queueMaxWaitMs: number;
  heartbeatTtlS: number;
  wrapUpMs: number;
  greeting: string;
  voicemailPrompt: string;
  defaultRegion: string;
};

export function callConfig(env: Record<string, string | undefined> = process.env): CallConfig {
  const e = schema.parse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== "")));
  return {
    publicBaseUrl: (e.PUBLIC_BASE_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ""),
    callerId: e.CALL_CALLER_ID,
    ringTimeoutMs: e.CALL_RING_TIMEOUT_MS,
    maxAttempts: e.CALL_MAX_ATTEMPTS,
    voicemailWaitMs: e.CALL_VOICEMAIL_WAIT_MS,
    leaseMs: e.CALL_LEASE_MS,
    effectRetry: { maxAttempts: e.CALL_EFFECT_MAX_ATTEMPTS, firstRetryMs: e.CALL_EFFECT_RETRY_MS },
    queueMaxWaitMs: e.CALL_QUEUE_MAX_WAIT_MS,
    heartbeatTtlS: e.SOFTPHONE_HEARTBEAT_TTL_S,
    wrapUpMs: e.WRAP_UP_TIMEOUT_S * 1000,
    greeting: e.CALL_GREETING,
    voicemailPrompt: e.CALL_VOICEMAIL_PROMPT,
    defaultRegion: e.DEFAULT_REGION,
  };
}
