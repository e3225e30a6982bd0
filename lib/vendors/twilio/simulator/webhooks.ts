/**
 * Webhooks the way Twilio sends them: form-encoded POST (or GET with a query
 * string), signed with X-Twilio-Signature over the exact URL requested plus the
 * sorted POST params (twilio.getExpectedTwilioSignature), with Twilio's headers.
 */
import { randomUUID } from "node:crypto";
import twilio from "twilio";

export type WebhookKind =
  | "voice"
  | "voice-fallback"
  | "call-status"
  | "dial-action"
  | "record-action"
  | "redirect"
  | "conference-status"
  | "recording-status"
  | "sms"
  | "message-status";

export interface WebhookLogEntry {
  kind: WebhookKind;
  method: "GET" | "POST";
  url: string;
  params: Record<string, string>;
  signature: string;
  /** HTTP status of the answer; 0 when the request failed */
  status: number;
  responseBody: string;
  error: string | null;
  at: string;
}

export interface WebhookResult {
  ok: boolean;
  status: number;
  body: string;
}

export class WebhookSender {
  readonly log: WebhookLogEntry[] = [];
  private readonly inflight = new Set<Promise<unknown>>();
  private closed = false;

  constructor(
    private readonly authToken: string,
    private readonly timeoutMs: number,
    private readonly onLogged: () => void,
  ) {}

  /** Send and wait for the answer (TwiML requests). */
  send(kind: WebhookKind, url: string, params: Record<string, string>, method: "GET" | "POST" = "POST"): Promise<WebhookResult> {
    const p = this.deliver(kind, url, params, method);
    this.inflight.add(p);
    void p.finally(() => this.inflight.delete(p));
    return p;
  }

  /** Send without waiting (status callbacks). */
  fire(kind: WebhookKind, url: string, params: Record<string, string>, method: "GET" | "POST" = "POST"): void {
    void this.send(kind, url, params, method);
  }

  /** After close nothing more is sent (the simulator is stopping). */
  close(): void {
    this.closed = true;
  }

  async idle(): Promise<void> {
    while (this.inflight.size > 0) await Promise.allSettled([...this.inflight]);
  }

  private async deliver(kind: WebhookKind, url: string, params: Record<string, string>, method: "GET" | "POST"): Promise<WebhookResult> {
    if (this.closed) return { ok: false, status: 0, body: "" };
    const target = method === "GET" ? withQuery(url, params) : url;
    const signed = method === "GET" ? {} : params;
    const signature = twilio.getExpectedTwilioSignature(this.authToken, target, signed);
    const entry: WebhookLogEntry = {
      kind,
      method,
      url: target,
      params,
      signature,
      status: 0,
      responseBody: "",
      error: null,
      at: new Date().toISOString(),
    };
    try {
      const res = await fetch(target, {
        method,
        headers: {
          "Content-Type": "application/x-www-form-urlencoded; charset=utf-8",
          "X-Twilio-Signature": signature,
          "I-Twilio-Idempotency-Token": randomUUID(),
          "User-Agent": "TwilioProxy/1.1",
          Accept: "*/*",
        },
        ...(method === "POST" ? { body: new URLSearchParams(params).toString() } : {}),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      entry.status = res.status;
      entry.responseBody = await res.text();
    } catch (err) {
      entry.error = err instanceof Error ? err.message : String(err);
    }
    this.log.push(entry);
    this.onLogged();
    return { ok: entry.status >= 200 && entry.status < 300, status: entry.status, body: entry.responseBody };
  }
}

function withQuery(url: string, params: Record<string, string>): string {
  const qs = new URLSearchParams(params).toString();
  if (!qs) return url;
  return url + (url.includes("?") ? "&" : "?") + qs;
}
