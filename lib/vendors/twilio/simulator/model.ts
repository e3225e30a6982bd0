/** The simulator's in-memory world: calls, conferences, messages, recordings. */
import { EventEmitter } from "node:events";
import type { Latch } from "./clock";
import type { SoftphoneLeg } from "./softphones";

export type CallStatus =
  | "queued"
  | "initiated"
  | "ringing"
  | "in-progress"
  | "completed"
  | "busy"
  | "no-answer"
  | "failed"
  | "canceled";
export type EndStatus = Extract<CallStatus, "completed" | "busy" | "no-answer" | "failed" | "canceled">;
export type CallDirection = "inbound" | "outbound-api" | "outbound-dial";

export function isEnded(status: CallStatus): status is EndStatus {
  return status === "completed" || status === "busy" || status === "no-answer" || status === "failed" || status === "canceled";
}

export interface Callback {
  url: string;
  method: "GET" | "POST";
}

export interface SimCall {
  sid: string;
  accountSid: string;
  parentCallSid: string | null;
  from: string;
  to: string;
  direction: CallDirection;
  status: CallStatus;
  dateCreated: Date;
  dateUpdated: Date;
  startTime: Date | null;
  endTime: Date | null;
  /** where TwiML comes from once answered (API calls, inbound) */
  url: string | null;
  method: "GET" | "POST";
  twiml: string | null;
  fallbackUrl: string | null;
  statusCallback: Callback | null;
  /** StatusCallbackEvent: initiated, ringing, answered, completed */
  statusCallbackEvents: Set<string>;
  /** next SequenceNumber for this leg's status callbacks */
  seq: number;
  timeoutSec: number;
  /** the conference this call is in (or queued for), if any */
  conferenceSid: string | null;
  /** a client leg's custom parameters (To's query string, or <Client><Parameter>), for its invite */
  customParams: Record<string, string>;
  /** a client leg that rang registered phones */
  softphone: SoftphoneLeg | null;
  /** runtime */
  rt: CallRuntime;
}

export type RingOutcome = "answer" | Exclude<EndStatus, "completed">;

export interface CallRuntime {
  /** aborted on hang-up and on redirect: stops the TwiML that runs now */
  run: AbortController;
  /** answer or a decline; settles once while the call rings */
  ring: Latch<RingOutcome>;
  answered: Latch<"answered" | EndStatus>;
  ended: Latch<EndStatus>;
  cancelTimers: (() => void)[];
  children: Set<string>;
  /** what runs once an API-created call answers: TwiML, or joining a conference */
  onAnswer: ((call: SimCall) => Promise<void>) | null;
}

export type ConferenceStatus = "init" | "in-progress" | "completed";

export interface SimParticipant {
  callSid: string;
  conferenceSid: string;
  label: string | null;
  muted: boolean;
  hold: boolean;
  startConferenceOnEnter: boolean;
  endConferenceOnExit: boolean;
  status: "queued" | "connecting" | "ringing" | "connected" | "complete" | "failed";
  dateCreated: Date;
  dateUpdated: Date;
  /** resolves with the reason when the participant leaves */
  left: Latch<string>;
}

export interface SimConference {
  sid: string;
  accountSid: string;
  friendlyName: string;
  status: ConferenceStatus;
  dateCreated: Date;
  dateUpdated: Date;
  participants: Map<string, SimParticipant>;
  statusCallback: Callback | null;
  statusCallbackEvents: Set<string>;
  seq: number;
  reasonEnded: string | null;
  callSidEnding: string | null;
}

export type MessageStatus = "accepted" | "queued" | "sending" | "sent" | "delivered" | "undelivered" | "failed" | "received";

export interface SimMessage {
  sid: string;
  accountSid: string;
  from: string;
  to: string;
  body: string;
  direction: "inbound" | "outbound-api" | "outbound-reply";
  status: MessageStatus;
  messagingServiceSid: string | null;
  statusCallback: string | null;
  errorCode: number | null;
  errorMessage: string | null;
  dateCreated: Date;
  dateUpdated: Date;
  dateSent: Date | null;
}

export interface SimRecording {
  sid: string;
  accountSid: string;
  callSid: string;
  conferenceSid: string | null;
  status: "in-progress" | "completed" | "absent";
  durationSec: number;
  source: "RecordVerb" | "OutboundAPI" | "Conference";
  startTime: Date;
  dateCreated: Date;
  dateUpdated: Date;
}

/** What a called party (a number or "client:name") does; times in simulated seconds. */
export interface PartyBehaviour {
  /** answer (default), decline with busy/failed, never answer ("no-answer": rings until the timeout), or wait for /_sim control */
  answer?: "answer" | "busy" | "failed" | "no-answer" | "manual";
  /** default 1 */
  answerAfter?: number;
  /** seconds before a busy/failed decline; default 1 */
  declineAfter?: number;
  /** this party hangs up this long after answering (inbound callers: after the call starts) */
  hangupAfter?: number;
  /** seconds spent speaking into a <Record>; default 3 */
  recordFor?: number;
  /** outbound SMS to this number ends as; default delivered */
  sms?: "delivered" | "undelivered" | "failed";
}

/**
 * A REST failure injected by a test: the next `times` requests with this method and path
 * (below the account, e.g. "/Messages.json") answer `answer` (an HTTP status in Twilio's
 * error shape, or "reset": the connection drops). "before": the request does nothing;
 * "after": it takes effect first and only its answer is lost.
 */
export interface RestFault {
  method: string;
  path: string;
  answer: number | "reset";
  code?: number;
  message?: string;
  times: number;
  when: "before" | "after";
}

export class World extends EventEmitter {
  readonly calls = new Map<string, SimCall>();
  readonly conferences = new Map<string, SimConference>();
  readonly messages = new Map<string, SimMessage>();
  readonly recordings = new Map<string, SimRecording>();
  readonly behaviours = new Map<string, PartyBehaviour>();
  readonly restFaults: RestFault[] = [];
  defaultBehaviour: PartyBehaviour = {};
  /** bumped by clear(): work started before a reset checks it and stays quiet */
  epoch = 0;

  changed(): void {
    this.emit("change");
  }

  /** a behaviour set for this party, or a default one: then it decides, not a registered phone */
  hasExplicitBehaviour(party: string): boolean {
    return this.behaviours.has(party) || Object.keys(this.defaultBehaviour).length > 0;
  }

  behaviourFor(party: string): PartyBehaviour {
    return { ...this.defaultBehaviour, ...this.behaviours.get(party) };
  }

  activeConference(friendlyName: string): SimConference | undefined {
    for (const c of this.conferences.values()) {
      if (c.friendlyName === friendlyName && c.status !== "completed") return c;
    }
    return undefined;
  }

  clear(): void {
    this.calls.clear();
    this.conferences.clear();
    this.messages.clear();
    this.recordings.clear();
    this.behaviours.clear();
    this.restFaults.length = 0;
    this.defaultBehaviour = {};
    this.epoch += 1;
    this.changed();
  }
}
