/**
 * createPhone: the one way the UI gets a phone. The token endpoint says where the
 * phone signals; Twilio's SDK is imported only for real Twilio (a dynamic
 * import), so the simulated path never loads it. Both phones get fresh tokens
 * the same way: on tokenWillExpire (or an expired-token error), ask the server
 * again and updateToken; a phone unregistered by an expired token registers
 * again with the new one.
 */
import type { VoiceToken } from "@/lib/calls/voice-token";
import { SimulatedPhone, type SimulatedPhoneOptions } from "./simulated-phone";
import { fetchVoiceToken } from "./token-client";
import type { TwilioPhoneOptions } from "./twilio-phone";
import type { Phone } from "./types";

/** AccessTokenExpired, JWTTokenExpired (@twilio/voice-errors) */
const TOKEN_EXPIRED = new Set([20104, 31205]);

export interface CreatePhoneOptions {
  /** default: POST /api/voice/token */
  fetchToken?: () => Promise<VoiceToken>;
  /** the first token, when the caller has it already */
  token?: VoiceToken;
  simulated?: SimulatedPhoneOptions;
  twilio?: TwilioPhoneOptions;
  /** how long to wait before asking again when a refresh fails (default 5 s; the SDK warns 10 s ahead) */
  refreshRetryMs?: number;
}

/** A phone for the signed-in staff member, not yet registered: call register(). */
export async function createPhone(opts: CreatePhoneOptions = {}): Promise<Phone> {
  const fetchToken = opts.fetchToken ?? (() => fetchVoiceToken());
  const first = opts.token ?? (await fetchToken());
  const phone: Phone =
    first.signalling.kind === "simulator"
      ? new SimulatedPhone(first.signalling.url, first.token, opts.simulated)
      : await (await import("./twilio-phone")).createTwilioPhone(first.token, opts.twilio);
  const refresh = (triesLeft: number) => {
    fetchToken()
      .then((t) => phone.updateToken(t.token))
      .catch(() => {
        if (triesLeft > 0 && phone.state !== "destroyed") setTimeout(() => refresh(triesLeft - 1), opts.refreshRetryMs ?? 5000);
      });
  };
  phone.on("tokenWillExpire", () => refresh(2));
  // too late (a laptop that slept through the warning): a fresh token re-registers the phone
  phone.on("error", (e) => {
    if (TOKEN_EXPIRED.has(e.code)) refresh(2);
  });
  return phone;
}
