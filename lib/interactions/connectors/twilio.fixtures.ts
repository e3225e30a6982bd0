// Twilio webhook params as Twilio sends them, and a signed request helper for tests.
import { signedTwilioRequest } from "@/lib/vendors/twilio/verify";
import type { VerifyContext, WebhookRequest } from "./types";

export const TWILIO_TOKEN = "0123456789abcdef0123456789abcdef";
export const ACCOUNT = "AC0123456789abcdef0123456789abcdef";
export const OUR_NUMBER = "+61280000000";
export const HOST = "crm.example.com";
export const twilioCtx: VerifyContext = { secret: TWILIO_TOKEN, now: new Date("2026-03-01T10:00:00Z") };

export const inboundSms = {
  ToCountry: "AU", ToState: "", SmsMessageSid: "SM11111111111111111111111111111111", NumMedia: "0", ToCity: "",
  FromZip: "", SmsSid: "SM11111111111111111111111111111111", FromState: "", SmsStatus: "received", FromCity: "",
  Body: "Hi, is my order ready?", FromCountry: "AU", To: OUR_NUMBER, ToZip: "", NumSegments: "1",
  MessageSid: "SM11111111111111111111111111111111", AccountSid: ACCOUNT, From: "0412 345 678", ApiVersion: "2010-04-01",
};

export const smsStatus = (status: string, extra: Record<string, string> = {}) => ({
  SmsSid: "SM22222222222222222222222222222222", SmsStatus: status, MessageStatus: status, To: "+61412345678",
  MessageSid: "SM22222222222222222222222222222222", AccountSid: ACCOUNT, From: OUR_NUMBER, ApiVersion: "2010-04-01",
  ...extra,
});

export const callStatus = (status: string, extra: Record<string, string> = {}) => ({
  Called: OUR_NUMBER, ToState: "", CallerCountry: "AU", Direction: "inbound", Timestamp: "Sun, 01 Mar 2026 10:03:12 +0000",
  CallbackSource: "call-progress-events", SequenceNumber: "0", CallerState: "", ToZip: "", CallSid: "CA33333333333333333333333333333333",
  To: OUR_NUMBER, CallerZip: "", ToCountry: "AU", ApiVersion: "2010-04-01", CalledZip: "", CallStatus: status,
  From: "+61412345678", AccountSid: ACCOUNT, CalledCountry: "AU", CallerCity: "", Caller: "+61412345678",
  ...extra,
});

export const recording = (status = "completed") => ({
  AccountSid: ACCOUNT, CallSid: "CA33333333333333333333333333333333", RecordingSid: "RE44444444444444444444444444444444",
  RecordingUrl: `https://api.twilio.com/2010-04-01/Accounts/${ACCOUNT}/Recordings/RE44444444444444444444444444444444`,
  RecordingStatus: status, RecordingDuration: "187", RecordingChannels: "1",
  RecordingStartTime: "Sun, 01 Mar 2026 10:00:05 +0000", RecordingSource: "DialVerb",
});

/** The request as our route sees it behind a TLS-terminating proxy. */
export function twilioRequest(path: string, params: Record<string, string>, sign = params): WebhookRequest {
  const signed = signedTwilioRequest(TWILIO_TOKEN, `https://${HOST}${path}`, sign);
  return {
    rawBody: new URLSearchParams(params).toString(),
    pathAndQuery: path,
    headers: { ...signed.headers, host: "localhost:3000", "x-forwarded-proto": "https", "x-forwarded-host": HOST },
  };
}
