/**
 * Run the Twilio simulator on its own (dev, e2e):
 *   npx tsx lib/vendors/twilio/simulator/main.ts
 * Env: TWILIO_SIM_PORT (4010), TWILIO_SIM_HOST (127.0.0.1), TWILIO_SIM_SPEED (1),
 *      TWILIO_SIM_VOICE_URL, TWILIO_SIM_VOICE_STATUS_URL, TWILIO_SIM_SMS_URL (the app's webhooks),
 *      TWILIO_ACCOUNT_SID / TWILIO_AUTH_TOKEN, TWILIO_API_KEY_SID / TWILIO_API_KEY_SECRET (the key
 *      that verifies softphone access tokens) (else the simulator defaults, which the app's config
 *      also falls back to when TWILIO_SIM_URL is set).
 * Point the app at it with TWILIO_SIM_URL=http://127.0.0.1:4010.
 */
import { z } from "zod";
import { createTwilioSimulator } from "./index";

const env = z
  .object({
    TWILIO_SIM_PORT: z.coerce.number().int().min(0).max(65535).default(4010),
    TWILIO_SIM_HOST: z.string().default("127.0.0.1"),
    TWILIO_SIM_SPEED: z.coerce.number().positive().default(1),
    TWILIO_SIM_VOICE_URL: z.url().optional(),
    TWILIO_SIM_VOICE_STATUS_URL: z.url().optional(),
    TWILIO_SIM_SMS_URL: z.url().optional(),
    TWILIO_ACCOUNT_SID: z.string().regex(/^AC[0-9a-fA-F]{32}$/).optional(),
    TWILIO_AUTH_TOKEN: z.string().min(1).optional(),
    TWILIO_API_KEY_SID: z.string().regex(/^SK[0-9a-fA-F]{32}$/).optional(),
    TWILIO_API_KEY_SECRET: z.string().min(1).optional(),
  })
  .parse(Object.fromEntries(Object.entries(process.env).filter(([, v]) => v !== "")));

const sim = await createTwilioSimulator({
  port: env.TWILIO_SIM_PORT,
  host: env.TWILIO_SIM_HOST,
  speed: env.TWILIO_SIM_SPEED,
  ...(env.TWILIO_ACCOUNT_SID ? { accountSid: env.TWILIO_ACCOUNT_SID } : {}),
  ...(env.TWILIO_AUTH_TOKEN ? { authToken: env.TWILIO_AUTH_TOKEN } : {}),
  ...(env.TWILIO_API_KEY_SID ? { apiKeySid: env.TWILIO_API_KEY_SID } : {}),
  ...(env.TWILIO_API_KEY_SECRET ? { apiKeySecret: env.TWILIO_API_KEY_SECRET } : {}),
  voiceUrl: env.TWILIO_SIM_VOICE_URL ?? null,
  voiceStatusCallback: env.TWILIO_SIM_VOICE_STATUS_URL ?? null,
  smsUrl: env.TWILIO_SIM_SMS_URL ?? null,
});
console.log(`[twilio-sim] listening on ${sim.url} (account ${sim.accountSid}, speed ${sim.speed}×)`);

const shutdown = () => void sim.stop().then(() => process.exit(0));
process.once("SIGINT", shutdown);
process.once("SIGTERM", shutdown);
