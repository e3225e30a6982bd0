import { z } from "zod";

/** Server settings, validated once. Vendor credentials are optional: without them the simulators stand in. */
const schema = z.object({
  DATABASE_URL: z.string().url(),
  BETTER_AUTH_SECRET: z.string().min(32).optional(),
  PUBLIC_BASE_URL: z.string().url().optional(),
  LOGIN_RATE_LIMIT_MAX: z.coerce.number().int().positive().default(10),
  LOGIN_RATE_LIMIT_WINDOW_S: z.coerce.number().int().positive().default(60),
  DEFAULT_REGION: z.string().length(2).default("AU"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

export type Env = z.infer<typeof schema>;

let cached: Env | undefined;

export function env(): Env {
  if (cached) return cached;
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`invalid environment: ${problems}`);
  }
  cached = parsed.data;
  return cached;
}

/**
 * A dev secret is derived when none is configured, so `npm start` works on a
 * fresh machine; production must set BETTER_AUTH_SECRET.
 */
export function authSecret(): string {
  return env().BETTER_AUTH_SECRET ?? "switchboard-dev-secret-change-me-in-production-0001";
}
