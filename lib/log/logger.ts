import pino from "pino";

/**
 * Structured logs with contact details redacted: phone numbers and emails never
 * reach a log line, whether as a known field or inside free text.
 */
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
// Bounded by non-word characters, so digit runs inside ids (UUIDs, SIDs) are left alone.
const PHONE = /(?<![\w-])[+(]?\d[\d\s().-]{7,}\d(?![\w-])/g;

export function redactText(text: string): string {
  return text.replace(EMAIL, "[email]").replace(PHONE, "[phone]");
}

const REDACT_KEYS = ["email", "phone", "from", "to", "From", "To", "password", "body", "Body", "value", "contactValue", "token", "authorization", "cookie"];

function scrub(value: unknown, depth = 0): unknown {
  if (depth > 6) return "[deep]";
  if (typeof value === "string") return redactText(value);
  if (Array.isArray(value)) return value.map((v) => scrub(v, depth + 1));
  if (value && typeof value === "object" && !(value instanceof Error)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = REDACT_KEYS.includes(k) ? "[redacted]" : scrub(v, depth + 1);
    return out;
  }
  return value;
}

export const logger = pino({
  level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === "test" ? "silent" : "info"),
  base: { service: process.env.SWITCHBOARD_SERVICE ?? "web" },
  hooks: {
    logMethod(args, method) {
      method.apply(this, args.map((a) => scrub(a)) as Parameters<typeof method>);
    },
  },
  formatters: { level: (label) => ({ level: label }) },
});

export type Logger = typeof logger;
