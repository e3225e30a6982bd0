/**
 * Which Twilio the app talks to. TWILIO_SIM_URL set → the simulator (with the
 * configured credentials, or the simulator's defaults); otherwise real Twilio
 * with TWILIO_ACCOUNT_SID + TWILIO_AUTH_TOKEN. Webhook verification uses the
 * same auth token, so the simulator's signatures verify in dev too.
 */
import { z } from "zod";
import { isProduction } from "@/lib/config/deployment";

/** The simulator's credentials when none are configured (not secrets: dev and tests only). */
export const SIM_DEFAULT_ACCOUNT_SID = "ACf00dfacef00dfacef00dfacef00dface";
export const SIM_DEFAULT_AUTH_TOKEN = "simulator-auth-token-not-a-secret";
/** The simulator's API key, which signs (and verifies) softphone access tokens in demo mode. */
export const SIM_DEFAULT_API_KEY_SID = "SKf00dfacef00dfacef00dfacef00dface";
export const SIM_DEFAULT_API_KEY_SECRET = "simulator-api-key-secret-not-a-secret";

const env = z.object({
  TWILIO_ACCOUNT_SID: z
    .string()
    .regex(/^AC[0-9a-fA-F]{32}$/, "TWILIO_ACCOUNT_SID must look like AC followed by 32 hex digits")
    .optional(),
  TWILIO_AUTH_TOKEN: z.string().min(1).optional(),
  TWILIO_SIM_URL: z.url().optional(),
});

export type TwilioTarget =
  | { kind: "twilio"; accountSid: string; authToken: string }
  | { kind: "simulator"; accountSid: string; authToken: string; simUrl: string };

export type TwilioConfigResult = { ok: true; target: TwilioTarget } | { ok: false; reason: string };

export function twilioConfig(source: Record<string, string | undefined> = process.env): TwilioConfigResult {
  const blank = (v: string | undefined) => (v === "" ? undefined : v);
  const parsed = env.safeParse({
    TWILIO_ACCOUNT_SID: blank(source.TWILIO_ACCOUNT_SID),
    TWILIO_AUTH_TOKEN: blank(source.TWILIO_AUTH_TOKEN),
    TWILIO_SIM_URL: blank(source.TWILIO_SIM_URL),
  });
  if (!parsed.success) return { ok: false, reason: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ") };
  const { TWILIO_ACCOUNT_SID: sid, TWILIO_AUTH_TOKEN: token, TWILIO_SIM_URL: simUrl } = parsed.data;
  if (simUrl && isProduction(source)) return { ok: false, reason: "TWILIO_SIM_URL points at the simulator, which is for demo mode only" };
  if (simUrl) {
    return {
      ok: true,
      target: { kind: "simulator", accountSid: sid ?? SIM_DEFAULT_ACCOUNT_SID, authToken: token ?? SIM_DEFAULT_AUTH_TOKEN, simUrl },
    };
  }
  if (sid && token) return { ok: true, target: { kind: "twilio", accountSid: sid, authToken: token } };
  return { ok: false, reason: "set TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN, or TWILIO_SIM_URL for the simulator" };
}
