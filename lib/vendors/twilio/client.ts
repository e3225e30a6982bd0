/**
 * The app's Twilio REST client. Against the simulator it is the same `twilio`
 * library client with a RequestClient that sends every *.twilio.com request to
 * the simulator's base URL instead (path and query kept), so app code cannot
 * tell which one it talks to.
 */
import twilio from "twilio";
import { twilioConfig, type TwilioTarget } from "./config";

import type RequestClient from "twilio/lib/base/RequestClient";
import type Response from "twilio/lib/http/response";

export class SimulatorRequestClient extends twilio.RequestClient {
  private readonly base: URL;

  constructor(simUrl: string, timeoutMs = 30_000) {
    super({ timeout: timeoutMs });
    this.base = new URL(simUrl);
  }

  /** https://api.twilio.com/2010-04-01/… → {simUrl}/2010-04-01/… */
  rewrite(uri: string): string {
    const u = new URL(uri);
    if (u.hostname !== "twilio.com" && !u.hostname.endsWith(".twilio.com")) return uri;
    const basePath = this.base.pathname.replace(/\/$/, "");
    return `${this.base.origin}${basePath}${u.pathname}${u.search}`;
  }

  override request<TData>(opts: RequestClient.RequestOptions<TData>): Promise<Response<TData>> {
    return super.request<TData>({ ...opts, uri: this.rewrite(opts.uri) });
  }
}

export type TwilioClient = ReturnType<typeof twilio>;

/** `timeoutMs` bounds each request (the library's default is 30 s). */
export function createTwilioClient(target: TwilioTarget, opts: { timeoutMs?: number } = {}): TwilioClient {
  if (target.kind === "twilio") return twilio(target.accountSid, target.authToken, opts.timeoutMs ? { timeout: opts.timeoutMs } : {});
  return twilio(target.accountSid, target.authToken, { httpClient: new SimulatorRequestClient(target.simUrl, opts.timeoutMs) });
}

let cached: { key: string; client: TwilioClient } | null = null;

/** The client for the configured environment (see config.ts); throws when Twilio is not configured. */
export function getTwilioClient(env: Record<string, string | undefined> = process.env): TwilioClient {
  const config = twilioConfig(env);
  if (!config.ok) throw new Error(`Twilio is not configured: ${config.reason}`);
  const key = JSON.stringify(config.target);
  if (cached?.key !== key) cached = { key, client: createTwilioClient(config.target) };
  return cached.client;
}
