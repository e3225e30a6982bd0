/** The simulator's objects as Twilio's REST API renders them (snake_case JSON, RFC 2822 dates, string durations). */
import { duration } from "./calls";
import type { Sim } from "./context";
import { API_VERSION, rfc2822 } from "./format";
import { isEnded, type SimCall, type SimConference, type SimMessage, type SimParticipant, type SimRecording } from "./model";
import { recordingUrl } from "./record";

const accountPath = (accountSid: string) => `/${API_VERSION}/Accounts/${accountSid}`;

export function callJson(sim: Sim, c: SimCall) {
  const uri = `${accountPath(c.accountSid)}/Calls/${c.sid}`;
  return {
    account_sid: c.accountSid,
    annotation: null,
    answered_by: null,
    api_version: API_VERSION,
    caller_name: null,
    date_created: rfc2822(c.dateCreated),
    date_updated: rfc2822(c.dateUpdated),
    direction: c.direction,
    duration: isEnded(c.status) ? String(duration(sim, c)) : null,
    end_time: rfc2822(c.endTime),
    forwarded_from: null,
    from: c.from,
    from_formatted: c.from,
    group_sid: null,
    parent_call_sid: c.parentCallSid,
    phone_number_sid: null,
    price: null,
    price_unit: "USD",
    queue_time: "0",
    sid: c.sid,
    start_time: rfc2822(c.startTime),
    status: c.status,
    subresource_uris: {
      notifications: `${uri}/Notifications.json`,
      recordings: `${uri}/Recordings.json`,
      events: `${uri}/Events.json`,
    },
    to: c.to,
    to_formatted: c.to,
    trunk_sid: null,
    uri: `${uri}.json`,
  };
}

export function conferenceJson(c: SimConference) {
  const uri = `${accountPath(c.accountSid)}/Conferences/${c.sid}`;
  return {
    account_sid: c.accountSid,
    api_version: API_VERSION,
    call_sid_ending_conference: c.callSidEnding,
    date_created: rfc2822(c.dateCreated),
    date_updated: rfc2822(c.dateUpdated),
    friendly_name: c.friendlyName,
    reason_conference_ended: c.reasonEnded,
    region: "us1",
    sid: c.sid,
    status: c.status,
    subresource_uris: { participants: `${uri}/Participants.json`, recordings: `${uri}/Recordings.json` },
    uri: `${uri}.json`,
  };
}

export function participantJson(accountSid: string, p: SimParticipant) {
  return {
    account_sid: accountSid,
    call_sid: p.callSid,
    call_sid_to_coach: null,
    coaching: false,
    conference_sid: p.conferenceSid,
    date_created: rfc2822(p.dateCreated),
    date_updated: rfc2822(p.dateUpdated),
    end_conference_on_exit: p.endConferenceOnExit,
    hold: p.hold,
    label: p.label,
    muted: p.muted,
    queue_time: null,
    start_conference_on_enter: p.startConferenceOnEnter,
    status: p.status,
    uri: `${accountPath(accountSid)}/Conferences/${p.conferenceSid}/Participants/${p.callSid}.json`,
  };
}

export function messageJson(m: SimMessage) {
  const uri = `${accountPath(m.accountSid)}/Messages/${m.sid}`;
  return {
    account_sid: m.accountSid,
    api_version: API_VERSION,
    body: m.body,
    date_created: rfc2822(m.dateCreated),
    date_sent: rfc2822(m.dateSent),
    date_updated: rfc2822(m.dateUpdated),
    direction: m.direction,
    error_code: m.errorCode,
    error_message: m.errorMessage,
    from: m.from,
    messaging_service_sid: m.messagingServiceSid,
    num_media: "0",
    num_segments: String(Math.max(1, Math.ceil(m.body.length / 160))),
    price: null,
    price_unit: "USD",
    sid: m.sid,
    status: m.status,
    subresource_uris: { media: `${uri}/Media.json`, feedback: `${uri}/Feedback.json` },
    to: m.to,
    uri: `${uri}.json`,
  };
}

export function recordingJson(sim: Sim, r: SimRecording) {
  const uri = `${accountPath(r.accountSid)}/Recordings/${r.sid}`;
  return {
    account_sid: r.accountSid,
    api_version: API_VERSION,
    call_sid: r.callSid,
    channels: 1,
    conference_sid: r.conferenceSid,
    date_created: rfc2822(r.dateCreated),
    date_updated: rfc2822(r.dateUpdated),
    duration: String(r.durationSec),
    encryption_details: null,
    error_code: null,
    media_url: recordingUrl(sim, r),
    price: null,
    price_unit: "USD",
    sid: r.sid,
    source: r.source,
    start_time: rfc2822(r.startTime),
    status: r.status,
    subresource_uris: {
      add_on_results: `${uri}/AddOnResults.json`,
      transcriptions: `${uri}/Transcriptions.json`,
    },
    track: "both",
    uri: `${uri}.json`,
  };
}

/** A list page the way the 2010-04-01 API pages: Page / PageSize, *_page_uri links. */
export function page<T>(key: string, items: readonly T[], listPath: string, query: URLSearchParams) {
  const pageSize = clamp(Number(query.get("PageSize") ?? 50), 1, 1000);
  const pageNo = Math.max(0, Number(query.get("Page") ?? 0) || 0);
  const start = pageNo * pageSize;
  const slice = items.slice(start, start + pageSize);
  const link = (n: number) => {
    const q = new URLSearchParams(query);
    q.set("PageSize", String(pageSize));
    q.set("Page", String(n));
    return `${listPath}?${q.toString()}`;
  };
  return {
    [key]: slice,
    end: start + Math.max(0, slice.length - 1),
    first_page_uri: link(0),
    next_page_uri: start + pageSize < items.length ? link(pageNo + 1) : null,
    page: pageNo,
    page_size: pageSize,
    previous_page_uri: pageNo > 0 ? link(pageNo - 1) : null,
    start,
    uri: link(pageNo),
  };
}

function clamp(n: number, lo: number, hi: number): number {
  return Number.isFinite(n) ? Math.min(hi, Math.max(lo, Math.floor(n))) : lo;
}
