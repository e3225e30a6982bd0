/**
 * TwiML documents for calls, built with the twilio library's VoiceResponse.
 * Conference roles: the person (caller / callee) ends the conference when they
 * leave; staff do not (so a warm transfer can hand over), and the machine hangs
 * up the person when the last staff member leaves. The person waits with
 * startConferenceOnEnter=false (hearing waitUrl music) until staff join.
 */
import twilio from "twilio";

const { VoiceResponse } = twilio.twiml;

type ConferenceEvent = "start" | "end" | "join" | "leave" | "mute" | "hold";
const CONFERENCE_EVENTS: ConferenceEvent[] = ["start", "end", "join", "leave", "mute", "hold"];

export interface ConferenceJoin {
  conferenceName: string;
  /** conference status callback (participant-join/leave, conference-end, …) */
  statusCallbackUrl: string;
}

export interface CallerWaitOptions extends ConferenceJoin {
  greeting: string;
  /** hold music while no staff is in; Twilio's default music when omitted */
  waitUrl?: string;
}

/** Inbound caller: greeting, then wait in the call's own conference. */
export function callerWaitTwiml(o: CallerWaitOptions): string {
  const response = new VoiceResponse();
  response.say(o.greeting);
  response.dial().conference(
    {
      startConferenceOnEnter: false,
      endConferenceOnExit: true,
      beep: "false",
      participantLabel: "caller",
      statusCallback: o.statusCallbackUrl,
      statusCallbackEvent: CONFERENCE_EVENTS,
      statusCallbackMethod: "POST",
      ...(o.waitUrl !== undefined ? { waitUrl: o.waitUrl } : {}),
    },
    o.conferenceName,
  );
  return response.toString();
}

/** A staff leg joining the call's conference (inbound answer, outbound start, transfer target). */
export function staffJoinTwiml(o: ConferenceJoin & { label?: string }): string {
  const response = new VoiceResponse();
  response.dial().conference(
    {
      startConferenceOnEnter: true,
      endConferenceOnExit: false,
      beep: "false",
      participantLabel: o.label ?? "staff",
      statusCallback: o.statusCallbackUrl,
      statusCallbackEvent: CONFERENCE_EVENTS,
      statusCallbackMethod: "POST",
    },
    o.conferenceName,
  );
  return response.toString();
}

/** Outbound: the person's leg joins the conference the staff member is already in. */
export function personJoinTwiml(o: ConferenceJoin): string {
  const response = new VoiceResponse();
  response.dial().conference(
    {
      startConferenceOnEnter: true,
      endConferenceOnExit: true,
      beep: "false",
      participantLabel: "person",
      statusCallback: o.statusCallbackUrl,
      statusCallbackEvent: CONFERENCE_EVENTS,
      statusCallbackMethod: "POST",
    },
    o.conferenceName,
  );
  return response.toString();
}

export interface VoicemailOptions {
  prompt: string;
  /** where Twilio posts when the recording stops (→ voicemail_finished) */
  actionUrl: string;
  /** where Twilio posts the finished recording (→ recording_completed) */
  recordingStatusCallbackUrl: string;
  maxLengthSec?: number;
}

export function voicemailTwiml(o: VoicemailOptions): string {
  const response = new VoiceResponse();
  response.say(o.prompt);
  response.record({
    action: o.actionUrl,
    method: "POST",
    maxLength: o.maxLengthSec ?? 120,
    playBeep: true,
    finishOnKey: "#",
    recordingStatusCallback: o.recordingStatusCallbackUrl,
    recordingStatusCallbackMethod: "POST",
    recordingStatusCallbackEvent: ["completed"],
  });
  response.hangup();
  return response.toString();
}

export function sayThenHangupTwiml(message?: string): string {
  const response = new VoiceResponse();
  if (message) response.say(message);
  response.hangup();
  return response.toString();
}

export function hangupTwiml(): string {
  return sayThenHangupTwiml();
}
