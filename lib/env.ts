import { z } from "zod";
import { isProduction } from "@/lib/config/deployment";

/** Server settings, validated once. Vendor credentials are optional: without them the simulators stand in (demo mode). */
const schema = z.object({
  DATABASE_URL: z.string().url(),
  BETTER_AUTH_SECRET: z.string().min(32).optional(),
  PUBLIC_BASE_URL: z.string().url().optional(),
  /** failed sign-ins per client address per window */
  LOGIN_RATE_LIMIT_MAX: z.coerce.number().int().positive().default(10),
  LOGIN_RATE_LIMIT_WINDOW_S: z.coerce.number().int().positive().default(60),
  /** failed sign-ins per account (email) per window, from any address */
  LOGIN_ACCOUNT_RATE_LIMIT_MAX: z.coerce.number().int().positive().default(20),
  LOGIN_ACCOUNT_RATE_LIMIT_WINDOW_S: z.coerce.number().int().positive().default(900),
  DEFAULT_REGION: z.string().length(2).default("AU"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

export type Env = z.infer<typeof schema>;

let cached: Env | undefined;

export function env(): Env {
  if (cached) return cached;
  const parsed = schema.safeParse(Object.fromEntries(Object.entries(process.env).filter(([, v]) => v !== "")));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`invalid environment: ${problems}`);
  }
  cached = parsed.data;
  return cached;
}

const DEV_AUTH_SECRET = "switchboard-dev-secret-change-me-in-production-0001";

/**
 * The session signing secret. Demo mode has a fixed dev one so `npm start` works on
 * a fresh machine; production has none (the processes refuse to start without
 * BETTER_AUTH_SECRET, and this throws rather than sign with a public string).
 */
export function authSecret(): string {
  const secret = env().BETTER_AUTH_SECRET;
  if (secret) return secret;
  if (isProduction()) throw new Error("BETTER_AUTH_SECRET is not set (required in production)");
  return DEV_AUTH_SECRET;
}
