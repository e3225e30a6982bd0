/** Softphone settings, from the environment (validated where they are read). */
import { z } from "zod";

const schema = z.object({
  /** a softphone that has not sent a heartbeat for this long is not rung */
  SOFTPHONE_HEARTBEAT_TTL_S: z.coerce.number().int().positive().default(30),
  /** how often the softphone sends one (well under the TTL) */
  SOFTPHONE_HEARTBEAT_INTERVAL_S: z.coerce.number().int().positive().default(10),
  /** wrap-up after a call ends by itself after this long; 0: no wrap-up */
  WRAP_UP_TIMEOUT_S: z.coerce.number().int().nonnegative().default(90),
});

export type SoftphoneConfig = { heartbeatTtlS: number; heartbeatIntervalS: number; wrapUpTimeoutS: number };

export function softphoneConfig(env: Record<string, string | undefined> = process.env): SoftphoneConfig {
  const e = schema.parse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== "")));
  return { heartbeatTtlS: e.SOFTPHONE_HEARTBEAT_TTL_S, heartbeatIntervalS: e.SOFTPHONE_HEARTBEAT_INTERVAL_S, wrapUpTimeoutS: e.WRAP_UP_TIMEOUT_S };
}
