/**
 * FrontCheck and the vendor syncs' settings (env, validated once).
 *   FRONT_API_TOKEN / FRONT_API_URL   Front's core API (the simulator's URL in demo mode)
 *   FRONT_RATE_LIMIT_PER_MIN          the company's plan (default 50); the sync keeps to 80% of it
 *   FRONT_SYNC_INTERVAL_S             seconds between passes (5)
 *   FRONT_SYNC_GRACE_S                how long a webhook may take before its event counts as missed (15)
 *   FRONTCHECK_ON_CALL                the on-call staff member texted on an incident: a user's email or a staff id
 */
import { z } from "zod";

const schema = z.object({
  FRONT_API_TOKEN: z.string().optional(),
  FRONT_API_URL: z.url().optional(),
  FRONT_SIM_URL: z.url().optional(),
  FRONT_RATE_LIMIT_PER_MIN: z.coerce.number().int().min(1).default(50),
  FRONT_SYNC_INTERVAL_S: z.coerce.number().min(0.1).default(5),
  FRONT_SYNC_GRACE_S: z.coerce.number().min(0).default(15),
  FRONTCHECK_ON_CALL: z.string().optional(),
  AIRCALL_API_ID: z.string().optional(),
  AIRCALL_API_TOKEN: z.string().optional(),
  AIRCALL_API_URL: z.url().optional(),
  AIRCALL_SIM_URL: z.url().optional(),
  AIRCALL_SYNC_INTERVAL_S: z.coerce.number().min(0.1).default(15),
  TWILIO_FROM_NUMBER: z.string().optional(),
  CALL_CALLER_ID: z.string().default("+61299990000"),
  PUBLIC_BASE_URL: z.string().optional(),
  PORT: z.string().default("3000"),
  DEFAULT_REGION: z.string().default("AU"),
});

export type SyncConfig = ReturnType<typeof syncConfig>;

export function syncConfig(env: Record<string, string | undefined> = process.env) {
  const e = schema.parse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== "")));
  const frontUrl = e.FRONT_API_URL ?? e.FRONT_SIM_URL ?? (e.FRONT_API_TOKEN ? "https://api2.frontapp.com" : undefined);
  const aircallUrl = e.AIRCALL_API_URL ?? e.AIRCALL_SIM_URL ?? (e.AIRCALL_API_ID ? "https://api.aircall.io" : undefined);
  return {
    front: frontUrl
      ? { url: frontUrl, token: e.FRONT_API_TOKEN, planPerMinute: e.FRONT_RATE_LIMIT_PER_MIN, intervalMs: e.FRONT_SYNC_INTERVAL_S * 1000, graceMs: e.FRONT_SYNC_GRACE_S * 1000 }
      : null,
    aircall: aircallUrl
      ? { url: aircallUrl, apiId: e.AIRCALL_API_ID, apiToken: e.AIRCALL_API_TOKEN, intervalMs: e.AIRCALL_SYNC_INTERVAL_S * 1000 }
      : null,
    alerts: {
      onCall: e.FRONTCHECK_ON_CALL?.trim() || null,
      fromNumber: e.TWILIO_FROM_NUMBER ?? e.CALL_CALLER_ID,
      statusCallbackUrl: `${e.PUBLIC_BASE_URL ?? `http://localhost:${e.PORT}`}/api/webhooks/twilio/sms-status`,
    },
    defaultRegion: e.DEFAULT_REGION,
  };
}
