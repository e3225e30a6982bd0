// A stand-in for Front in dev and tests: builds message events in Front's wire format, signs
// them as an application webhook, delivers them as Front does (one try, 5 s timeout, no
// retry; failed or slow deliveries switch the webhook off, silently, until it is enabled
// again), keeps them for GET /events, and serves that API on loopback (simulator-server.ts).
import { randomBytes } from "node:crypto";
import { postWebhook, type SignedRequest } from "@/lib/vendors/webhook";
import { signFront } from "./verify";
import { frontEnvelopeType, type FrontEnvelope, type FrontEvent } from "./webhooks";

export interface FrontTeammateSpec {
  id: string; // tea_…
  email: string;
  first_name?: string;
  last_name?: string;
}

/**
 * One message, compactly. A teammate on the `from` side makes it outbound (they wrote it);
 * otherwise `from` is the customer's handle and `to` is a teammate (who gets it, assigned)
 * or our own handle (an inbox address or number). The channel follows the customer's handle
 * (email address → email, number → sms, anything else → a custom in-app channel).
 */
export interface FrontMessageSpec {
  from: string | FrontTeammateSpec;
  to: string | FrontTeammateSpec;
  body: string;
  at: Date;
  subject?: string;
  channel?: "email" | "sms" | "custom";
  conversationId?: string;
  /** An outbound reply to an existing conversation (event type out_reply). */
  reply?: boolean;
  /** The inbox it arrived in or was sent from (GET /events?q[inboxes]=…). Default inb_sim. */
  inboxId?: string;
}

export const DEFAULT_INBOX = "inb_sim";

function inbox(id: string) {
  return { _links: { self: `https://api2.frontapp.com/inboxes/${id}` }, id, name: id === DEFAULT_INBOX ? "Support" : id, is_private: false };
}

const isTeammate = (x: string | FrontTeammateSpec): x is FrontTeammateSpec => typeof x !== "string";
export const frontId = (prefix: string) => `${prefix}_${randomBytes(5).toString("hex")}`;
const seconds = (d: Date) => d.getTime() / 1000;

export function teammate(t: FrontTeammateSpec) {
  return {
    _links: { self: `https://api2.frontapp.com/teammates/${t.id}` },
    id: t.id,
    email: t.email,
    username: t.email.split("@")[0],
    first_name: t.first_name ?? "",
    last_name: t.last_name ?? "",
    is_admin: false,
    is_available: true,
    is_blocked: false,
    type: "user",
    custom_fields: {},
  };
}

function channelFor(spec: FrontMessageSpec, customer: string): "email" | "sms" | "custom" {
  if (spec.channel) return spec.channel;
  if (customer.includes("@")) return "email";
  return /^\+?[\d\s()-]+$/.test(customer) ? "sms" : "custom";
}

/** The Front event (as GET /events returns it, and as a webhook's payload) for one message. */
export function buildFrontMessageEvent(spec: FrontMessageSpec): FrontEvent {
  const outbound = isTeammate(spec.from);
  const customer = outbound ? spec.to : spec.from;
  if (isTeammate(customer)) throw new Error("one side of a Front message must be the customer's handle");
  const ours = outbound ? (spec.from as FrontTeammateSpec) : spec.to;
  const ourHandle = isTeammate(ours) ? ours.email : ours;
  const type = channelFor(spec, customer);
  const conversationId = spec.conversationId ?? frontId("cnv");
  const messageId = frontId("msg");
  const subject = type === "email" ? (spec.subject ?? "(no subject)") : "";
  const recipients = [
    { _links: { related: { contact: null } }, name: null, handle: outbound ? ourHandle : customer, role: "from" },
    { _links: { related: { contact: null } }, name: null, handle: outbound ? customer : ourHandle, role: "to" },
  ];
  const message = {
    _links: { self: `https://api2.frontapp.com/messages/${messageId}` },
    id: messageId,
    type,
    is_inbound: !outbound,
    created_at: seconds(spec.at),
    blurb: spec.body.slice(0, 100),
    body: type === "email" ? `<p>${spec.body}</p>` : spec.body,
    text: spec.body,
    error_type: null,
    version: null,
    subject,
    draft_mode: null,
    metadata: {},
    author: outbound ? teammate(spec.from as FrontTeammateSpec) : null,
    recipients,
    attachments: [],
    signature: null,
    is_draft: false,
  };
  const assignee = isTeammate(ours) ? teammate(ours) : null;
  const eventId = frontId("evt");
  return {
    _links: { self: `https://api2.frontapp.com/events/${eventId}` },
    id: eventId,
    type: outbound ? (spec.reply ? "out_reply" : "outbound") : "inbound",
    emitted_at: seconds(spec.at),
    conversation: {
      _links: { self: `https://api2.frontapp.com/conversations/${conversationId}` },
      id: conversationId,
      subject,
      status: assignee ? "assigned" : "unassigned",
      assignee,
      recipient: recipients[outbound ? 1 : 0],
      tags: [],
      links: [],
      custom_fields: {},
      created_at: seconds(spec.at),
      is_private: false,
      scheduled_reminders: [],
      metadata: {},
    },
    source: outbound
      ? { _meta: { type: "teammate" }, data: teammate(spec.from as FrontTeammateSpec) }
      : { _meta: { type: "inboxes" }, data: [inbox(spec.inboxId ?? DEFAULT_INBOX)] },
    target: { _meta: { type: "message" }, data: message },
  };
}

export function frontEnvelope(event: FrontEvent, companyId: string): FrontEnvelope {
  return { type: frontEnvelopeType(event.type), authorization: { id: companyId }, payload: event };
}

/** Headers and body exactly as Front sends an application webhook at `now`. */
export function signedFrontRequest(body: unknown, secret: string, now: Date, extra: Record<string, string> = {}): SignedRequest {
  const rawBody = JSON.stringify(body);
  const timestamp = String(now.getTime());
  return {
    rawBody,
    headers: {
      "content-type": "application/json",
      "x-front-request-timestamp": timestamp,
      "x-front-signature": signFront(secret, timestamp, rawBody),
      ...extra,
    },
  };
}

/** The validation request Front sends when a webhook URL is saved. */
export function frontChallengeRequest(secret: string, companyId: string, challenge: string, now: Date): SignedRequest {
  return signedFrontRequest({ type: "sync", authorization: { id: companyId } }, secret, now, { "x-front-challenge": challenge });
}

export interface FrontSimulatorOptions {
  secret: string;
  companyId?: string;
  companyName?: string;
  /** Bearer token the API requires; none means any request is accepted. */
  apiToken?: string;
  /** Front gives a delivery 5 s, then counts it failed. */
  timeoutMs?: number;
  /** A delivery answered 2xx but slower than this counts against the webhook too. */
  slowMs?: number;
  /** Failed or slow deliveries in a row before the app webhook is switched off (a simulated rule). */
  disableAfterFailures?: number;
  /** The company's plan: API requests per minute (simulator-server.ts enforces it). */
  ratePerMinute?: number;
  /** Front's burst limit: requests per second per resource type. */
  burstPerSecond?: number;
  now?: () => Date;
  /** The company's teammates (GET /teammates); teammates seen in emitted messages join them. */
  teammates?: FrontTeammateSpec[];
}

export interface WebhookState {
  url: string | null;
  enabled: boolean;
  consecutiveFailures: number;
  disabledAt: string | null;
  disabledReason: string | null;
}

export interface Delivery {
  delivered: boolean;
  /** 0 when no webhook was enabled; Front never retries, so never more than 1. */
  attempts: number;
  lastStatus: number | null;
  /** how long the app took to answer (null: not sent) */
  ms: number | null;
}

export class FrontSimulator {
  readonly companyId: string;
  readonly companyName: string;
  /** Every event in emission order; GET /events serves them. */
  readonly events: FrontEvent[] = [];
  /** The inbox of each event (inbound events also carry it as their source). */
  readonly inboxOf = new Map<string, string>();
  webhook: WebhookState = { url: null, enabled: false, consecutiveFailures: 0, disabledAt: null, disabledReason: null };
  readonly teammates = new Map<string, FrontTeammateSpec>();
  readonly opts: Required<Omit<FrontSimulatorOptions, "apiToken" | "companyId" | "companyName" | "teammates">> & { apiToken?: string };

  constructor(options: FrontSimulatorOptions) {
    this.companyId = options.companyId ?? "cmp_sim";
    this.companyName = options.companyName ?? "Switchboard (simulated)";
    for (const t of options.teammates ?? []) this.teammates.set(t.id, t);
    this.opts = {
      secret: options.secret,
      apiToken: options.apiToken,
      timeoutMs: options.timeoutMs ?? 5_000,
      slowMs: options.slowMs ?? 3_000,
      disableAfterFailures: options.disableAfterFailures ?? 3,
      ratePerMinute: options.ratePerMinute ?? 100,
      burstPerSecond: options.burstPerSecond ?? 5,
      now: options.now ?? (() => new Date()),
    };
  }

  /** Front's GET /teammates body. */
  teammateList(base: string) {
    return { _links: { self: `${base}/teammates` }, _results: [...this.teammates.values()].map(teammate) };
  }

  get apiToken() {
    return this.opts.apiToken;
  }

  /** Like saving the webhook in Front: the URL must echo a signed challenge to be enabled. */
  async setWebhook(url: string): Promise<boolean> {
    const challenge = randomBytes(16).toString("hex");
    const request = frontChallengeRequest(this.opts.secret, this.companyId, challenge, this.opts.now());
    let echoed = false;
    try {
      const res = await postWebhook(url, request);
      echoed = res.status === 200 && res.body.includes(challenge);
    } catch {
      echoed = false;
    }
    this.webhook = { url, enabled: echoed, consecutiveFailures: 0, disabledAt: null, disabledReason: echoed ? null : "validation failed" };
    return echoed;
  }

  /** Record a message event without delivering it (it still shows in GET /events). */
  record(spec: FrontMessageSpec): FrontEvent {
    for (const side of [spec.from, spec.to]) if (isTeammate(side) && !this.teammates.has(side.id)) this.teammates.set(side.id, side);
    const event = buildFrontMessageEvent(spec);
    this.events.push(event);
    this.inboxOf.set(event.id, spec.inboxId ?? DEFAULT_INBOX);
    return event;
  }

  /** Record a message event and deliver it to the webhook, if one is enabled. */
  async emit(spec: FrontMessageSpec): Promise<{ event: FrontEvent; delivery: Delivery }> {
    const event = this.record(spec);
    return { event, delivery: await this.deliver(event) };
  }

  /** Switch the webhook back on (Front's "enable" button); failures start again from zero. */
  enableWebhook(): WebhookState {
    if (this.webhook.url) this.webhook = { ...this.webhook, enabled: true, consecutiveFailures: 0, disabledAt: null, disabledReason: null };
    return this.webhook;
  }

  /** Switch it off as Front does after bad deliveries (tests and chaos runs); nothing tells the app. */
  disableWebhook(reason = "disabled through the simulator"): WebhookState {
    this.webhook = { ...this.webhook, enabled: false, disabledAt: this.opts.now().toISOString(), disabledReason: reason };
    return this.webhook;
  }

  async deliver(event: FrontEvent): Promise<Delivery> {
    const { url, enabled } = this.webhook;
    if (!url || !enabled) return { delivered: false, attempts: 0, lastStatus: null, ms: null };
    const request = signedFrontRequest(frontEnvelope(event, this.companyId), this.opts.secret, this.opts.now());
    const started = performance.now();
    let lastStatus: number | null = null;
    try {
      lastStatus = (await postWebhook(url, request, this.opts.timeoutMs)).status;
    } catch {
      lastStatus = null; // refused, reset, or past the timeout
    }
    const ms = Math.round(performance.now() - started);
    const delivered = lastStatus !== null && lastStatus >= 200 && lastStatus < 300;
    const slow = delivered && ms > this.opts.slowMs;
    if (delivered && !slow) {
      this.webhook.consecutiveFailures = 0;
      return { delivered, attempts: 1, lastStatus, ms };
    }
    this.webhook.consecutiveFailures += 1;
    if (this.webhook.consecutiveFailures >= this.opts.disableAfterFailures) {
      const what = slow ? `the last answered in ${ms} ms` : `last status ${lastStatus ?? "none"}`;
      this.disableWebhook(`${this.webhook.consecutiveFailures} deliveries failed or were slow in a row (${what})`);
    }
    return { delivered, attempts: 1, lastStatus, ms };
  }
}
