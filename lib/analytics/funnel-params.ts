import { z } from "zod";
import { MILESTONE_KINDS } from "./milestones";

export const CHANNELS = ["call", "sms", "email", "in_app"] as const;
export type Channel = (typeof CHANNELS)[number];
export const CHANNEL_LABELS: Record<Channel, string> = { call: "Calls", sms: "SMS", email: "Email", in_app: "In-app" };

/** Touchpoint-count buckets of the distribution, each [min, max] inclusive (max null: no upper end). */
export const BUCKETS = [
  { label: "0", min: 0, max: 0 },
  { label: "1", min: 1, max: 1 },
  { label: "2", min: 2, max: 2 },
  { label: "3–4", min: 3, max: 4 },
  { label: "5–9", min: 5, max: 9 },
  { label: "10+", min: 10, max: null },
] as const;

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "a month as YYYY-MM");

export function monthOf(d: Date): string {
  return d.toISOString().slice(0, 7);
}

export function addMonths(m: string, n: number): string {
  const [y, mo] = m.split("-").map(Number) as [number, number];
  return monthOf(new Date(Date.UTC(y, mo - 1 + n, 1)));
}

/**
 * The funnel's question: people whose `from` milestone falls in the cohort months [since, until]
 * (UTC months), and who later reached `to`. Defaults: first reply → application submitted, the
 * last 12 months.
 */
export function funnelParamsSchema(now: Date) {
  const until = monthOf(now);
  return z
    .object({
      from: z.enum(MILESTONE_KINDS).default("first_reply"),
      to: z.enum(MILESTONE_KINDS).default("application_submitted"),
      since: month.default(addMonths(until, -11)),
      until: month.default(until),
    })
    .refine((p) => p.from !== p.to, { message: "choose two different milestones", path: ["to"] })
    .refine((p) => p.since <= p.until, { message: "the first month comes before the last", path: ["until"] })
    .refine((p) => p.since >= addMonths(p.until, -35), { message: "at most 36 months", path: ["since"] });
}
export type FunnelParams = z.infer<ReturnType<typeof funnelParamsSchema>>;

/** URLSearchParams (or a Next searchParams object) → params, empty values dropped. */
export function parseFunnelParams(input: URLSearchParams | Record<string, string | string[] | undefined>, now = new Date()) {
  const entries = input instanceof URLSearchParams ? [...input.entries()] : Object.entries(input).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v] as const);
  return funnelParamsSchema(now).safeParse(Object.fromEntries(entries.filter(([, v]) => v !== undefined && v !== "")));
}
