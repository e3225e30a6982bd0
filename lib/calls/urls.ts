/**
 * Our voice webhook URLs, built the same way by the web (TwiML it answers) and
 * the worker (calls it creates). The query names the PhoneCall and the leg, so
 * a callback finds its mailbox without a lookup; Twilio signs the whole URL, so
 * nobody can forge those parameters. The query is written in its canonical
 * form (URLSearchParams: a leg key's colons as %3A), because Next.js re-serialises
 * the query before a route handler sees it: a URL in any other form would reach
 * us changed, and the signature Twilio made over the URL we gave it would no
 * longer verify (every status callback answered 403, the call stuck).
 */
export const VOICE_PATHS = {
  inbound: "/api/voice/inbound",
  status: "/api/voice/status",
  conference: "/api/voice/conference",
  recording: "/api/voice/recording",
  staff: "/api/voice/staff",
  person: "/api/voice/person",
  voicemail: "/api/voice/voicemail",
  voicemailDone: "/api/voice/voicemail/done",
} as const;

const SAFE = /^[A-Za-z0-9:_-]+$/;

function q(params: Record<string, string>): string {
  for (const v of Object.values(params)) if (!SAFE.test(v)) throw new Error(`unsafe URL parameter: ${v}`);
  return new URLSearchParams(params).toString();
}

export function voiceUrls(base: string) {
  const at = (path: string, params?: Record<string, string>) => `${base}${path}${params ? `?${q(params)}` : ""}`;
  return {
    inbound: () => at(VOICE_PATHS.inbound),
    /** the number's own status callback (the caller's leg) has no parameters */
    callerStatus: () => at(VOICE_PATHS.status),
    legStatus: (callId: string, leg: string) => at(VOICE_PATHS.status, { call: callId, leg }),
    conference: (callId: string) => at(VOICE_PATHS.conference, { call: callId }),
    recording: (callId: string) => at(VOICE_PATHS.recording, { call: callId }),
    staff: (callId: string, leg: string) => at(VOICE_PATHS.staff, { call: callId, leg }),
    person: (callId: string) => at(VOICE_PATHS.person, { call: callId }),
    voicemail: (callId: string) => at(VOICE_PATHS.voicemail, { call: callId }),
    voicemailDone: (callId: string) => at(VOICE_PATHS.voicemailDone, { call: callId }),
  };
}

export type VoiceUrls = ReturnType<typeof voiceUrls>;
