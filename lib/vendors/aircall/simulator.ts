// A stand-in for Aircall in dev and tests: turns a compact call description into the
// sequence of call webhooks Aircall sends (created → ringing_on_agent → answered → hungup →
// ended, or a voicemail/missed variant), each carrying the webhook token, and posts them.
import { parsePhoneNumberFromString } from "libphonenumber-js";
import { postWebhook, type PostResult, type SignedRequest } from "@/lib/vendors/webhook";
import { presignMediaUrl } from "./media";
import { signAircall } from "./verify";

export interface AircallUserSpec {
  id: number;
  name?: string;
  email?: string;
}

export interface AircallLineSpec {
  id: number;
  name?: string;
  digits: string;
}

/**
 * One call. A user on the `from` side makes it outbound (they dialled `to`); otherwise
 * `from` is the caller's number and `to` the agent whose phone rings.
 */
export interface AircallCallSpec {
  from: string | AircallUserSpec;
  to: string | AircallUserSpec;
  at: Date;
  /** Default true. */
  answered?: boolean;
  /** Talk time once answered, or the message length of a voicemail. Default 60 / 20. */
  durationSeconds?: number;
  /** An unanswered inbound call that left a voicemail. */
  voicemail?: boolean;
  /** Record an answered call. Default true. */
  recording?: boolean;
  callId?: number;
  line?: AircallLineSpec;
  /** Seconds ringing before an answer or giving up. Default 8. */
  ringSeconds?: number;
}

export interface AircallEventBody {
  resource: "call";
  event: string;
  timestamp: number;
  data: Record<string, unknown>;
}

const DEFAULT_LINE: AircallLineSpec = { id: 1001, name: "Main line", digits: "+61 2 8000 0000" };
const isUser = (x: string | AircallUserSpec): x is AircallUserSpec => typeof x !== "string";
const unix = (d: Date) => Math.floor(d.getTime() / 1000);
/** Aircall writes numbers in international format with spaces. */
const international = (raw: string) => parsePhoneNumberFromString(raw, "AU")?.formatInternational() ?? raw;

let nextCallId = 1_000_000 + Math.floor(Math.random() * 1_000_000);

/** A user as Aircall's webhooks carry it (GET /v1/users adds a few fields: simulator-server.ts). */
export function aircallUser(u: AircallUserSpec) {
  return {
    id: u.id,
    direct_link: `https://api.aircall.io/v1/users/${u.id}`,
    name: u.name ?? `Agent ${u.id}`,
    email: u.email ?? `agent${u.id}@example.com`,
    available: true,
    availability_status: "available",
  };
}

/** Signs a media path (calls/:id/recording.mp3) into an expiring link. */
export type Presign = (path: string) => string;

// Without a simulator server, links look like Aircall's (S3, pre-signed at the call's end) and lead nowhere.
const s3Presign = (at: Date): Presign => (path) => presignMediaUrl("https://aircall-production-recordings.s3.eu-west-3.amazonaws.com", path, "sim", at);

/** The webhooks Aircall would send for this call, in order, without the token. */
export function aircallCallEvents(spec: AircallCallSpec, presign?: Presign): AircallEventBody[] {
  const outbound = isUser(spec.from);
  const agent = isUser(spec.from) ? spec.from : spec.to;
  const customer = isUser(spec.from) ? spec.to : spec.from;
  if (!isUser(agent) || isUser(customer)) throw new Error("an Aircall call is between a user and a number");
  const id = spec.callId ?? nextCallId++;
  const line = spec.line ?? DEFAULT_LINE;
  const answered = spec.answered ?? true;
  const voicemail = !answered && !outbound && (spec.voicemail ?? false);
  const start = unix(spec.at);
  const ring = spec.ringSeconds ?? 8;
  const talk = spec.durationSeconds ?? (answered ? 60 : voicemail ? 20 : 0);
  const answeredAt = answered ? start + ring : null;
  const endedAt = start + ring + talk;
  const base = {
    id,
    sid: `CA${id.toString(16).padStart(32, "0")}`,
    direct_link: `https://api.aircall.io/v1/calls/${id}`,
    direction: outbound ? "outbound" : "inbound",
    started_at: start,
    raw_digits: international(customer),
    archived: false,
    missed_call_reason: null as string | null,
    asset: null as string | null,
    recording: null as string | null,
    voicemail: null as string | null,
    number: { id: line.id, direct_link: `https://api.aircall.io/v1/numbers/${line.id}`, name: line.name ?? "Line", digits: line.digits, country: "AU", time_zone: "Australia/Sydney" },
    user: aircallUser(agent),
    contact: null,
    assigned_to: null,
    teams: [],
    tags: [],
    comments: [],
  };
  const initial = { ...base, status: "initial", answered_at: null, ended_at: null, duration: 0 };
  const live = { ...initial, status: "answered", answered_at: answeredAt };
  const done = {
    ...base,
    status: "done",
    answered_at: answeredAt,
    ended_at: endedAt,
    duration: endedAt - start,
    user: answered || outbound ? base.user : null,
    missed_call_reason: answered || outbound ? null : "agents_did_not_answer",
  };
  // `asset` is the stable link (Aircall's dashboard, behind a login); recording and voicemail
  // are pre-signed links that expire 10 minutes after they are sent.
  const asset = `https://assets.aircall.io/calls/${id}`;
  const sign = presign ?? s3Presign(new Date((endedAt + 30) * 1000));
  const final = {
    ...done,
    recording: answered && (spec.recording ?? true) ? sign(`calls/${id}/recording.mp3`) : null,
    voicemail: voicemail ? sign(`calls/${id}/voicemail.mp3`) : null,
    asset: answered || voicemail ? asset : null,
  };
  const at = (event: string, timestamp: number, data: Record<string, unknown>): AircallEventBody => ({ resource: "call", event, timestamp, data });
  const events = [at("call.created", start, outbound ? initial : { ...initial, user: null })];
  if (!outbound) events.push(at("call.ringing_on_agent", start + 1, initial));
  if (answered) events.push(at("call.answered", start + ring, live));
  if (voicemail) events.push(at("call.voicemail_left", endedAt, { ...done, voicemail: final.voicemail, asset }));
  events.push(at("call.hungup", endedAt, done));
  // Aircall sends call.ended about 30 s after hang-up, once duration and recordings are final.
  events.push(at("call.ended", endedAt + 30, final));
  return events;
}

/** One webhook exactly as Aircall posts it. */
export function aircallRequest(event: AircallEventBody, token: string): SignedRequest {
  return {
    headers: { "content-type": "application/json" },
    rawBody: signAircall({ ...event }, token),
  };
}

export class AircallSimulator {
  /** `presign`: the simulator server's (serveAircallSimulator), so media links can be fetched until they expire. */
  constructor(private readonly options: { token: string; webhookUrl: string; presign?: Presign }) {}

  /** Post every webhook of one call, in order; stops at the first non-2xx answer. */
  async call(spec: AircallCallSpec): Promise<{ events: AircallEventBody[]; results: PostResult[] }> {
    const events = aircallCallEvents(spec, this.options.presign);
    const results: PostResult[] = [];
    for (const event of events) {
      const result = await postWebhook(this.options.webhookUrl, aircallRequest(event, this.options.token));
      results.push(result);
      if (result.status < 200 || result.status >= 300) break;
    }
    return { events, results };
  }
}
