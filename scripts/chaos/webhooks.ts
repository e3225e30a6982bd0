/**
 * Vendor webhooks as the vendors sign them (the simulators' own signing code), aimed
 * at the suite's proxy, and a sender that times every answer.
 */
import { createHash } from "node:crypto";
import { aircallCallEvents, aircallRequest, type AircallEventBody } from "@/lib/vendors/aircall/simulator";
import { buildFrontMessageEvent, frontEnvelope, signedFrontRequest } from "@/lib/vendors/front/simulator";
import { signedTwilioRequest } from "@/lib/vendors/twilio/verify";
import type { Harness } from "./harness";

export type Vendor = "twilio" | "aircall" | "front";

export interface Hook {
  vendor: Vendor;
  /** what the stored IncomingEvent is keyed on (Aircall: a prefix of it) */
  id: string;
  path: string;
  headers: Record<string, string>;
  body: string;
}

export const SMS_PATH = "/api/webhooks/twilio/sms";
export const AIRCALL_PATH = "/api/webhooks/aircall";
export const FRONT_PATH = "/api/webhooks/front";
export const BUSINESS_LINE = "+61280000000";

export const phoneOf = (i: number) => `+614${String(30_000_000 + i).slice(-8)}`;

/** An inbound SMS, signed with the suite's Twilio auth token against PUBLIC_BASE_URL. */
export function twilioSms(h: Pick<Harness, "base" | "env">, tag: string, i: number, body = `chaos ${tag} ${i}`): Hook {
  const sid = `SM${createHash("sha256").update(`${tag}:${i}`).digest("hex").slice(0, 32)}`; // Twilio's shape: SM + 32 hex
  const params = { MessageSid: sid, SmsSid: sid, AccountSid: h.env.TWILIO_ACCOUNT_SID ?? "AC0", From: phoneOf(i), To: BUSINESS_LINE, Body: body, NumMedia: "0", ApiVersion: "2010-04-01" };
  const signed = signedTwilioRequest(h.env.TWILIO_AUTH_TOKEN ?? "", `${h.base}${SMS_PATH}`, params);
  return { vendor: "twilio", id: sid, path: SMS_PATH, headers: signed.headers as Record<string, string>, body: signed.rawBody };
}

/** Every webhook of one answered Aircall call (created, ringing, answered, ended, …), in order. */
export function aircallCall(h: Pick<Harness, "env">, callId: number, i: number): Hook[] {
  const events: AircallEventBody[] = aircallCallEvents({ from: phoneOf(i), to: { id: 1_001_001, name: "Staff One", email: "staff@switchboard.test" }, at: new Date(Date.now() - 120_000), callId, recording: false });
  return events.map((e) => {
    const r = aircallRequest(e, h.env.AIRCALL_WEBHOOK_TOKEN ?? "");
    return { vendor: "aircall", id: `${callId}:`, path: AIRCALL_PATH, headers: r.headers as Record<string, string>, body: r.rawBody };
  });
}

/** An inbound Front email, as Front's app webhook posts it. */
export function frontMessage(h: Pick<Harness, "env">, i: number): Hook {
  const event = buildFrontMessageEvent({ from: `chaos.${i}@example.org`, to: "support@switchboard.test", subject: `chaos ${i}`, body: `message ${i}`, at: new Date() });
  const signed = signedFrontRequest(frontEnvelope(event, "cmp_sim"), h.env.FRONT_APP_SECRET ?? "", new Date());
  return { vendor: "front", id: event.id, path: FRONT_PATH, headers: signed.headers as Record<string, string>, body: signed.rawBody };
}

export interface Answer {
  status: number;
  ms: number;
  error?: string;
}

/** POST a hook; status 0 with the error when no answer came within `timeoutMs`. */
export async function send(base: string, hook: { path: string; headers: Record<string, string>; body: string | Uint8Array }, timeoutMs = 10_000): Promise<Answer> {
  const t0 = performance.now();
  try {
    const res = await fetch(`${base}${hook.path}`, { method: "POST", headers: hook.headers, body: typeof hook.body === "string" ? hook.body : new Blob([new Uint8Array(hook.body)]), signal: AbortSignal.timeout(timeoutMs) });
    await res.arrayBuffer();
    return { status: res.status, ms: Math.round(performance.now() - t0) };
  } catch (e) {
    return { status: 0, ms: Math.round(performance.now() - t0), error: e instanceof Error ? e.message : String(e) };
  }
}

/** Stored IncomingEvents per hook id: Twilio and Front by their id, Aircall by its call id prefix. */
export async function storedCounts(h: Pick<Harness, "db">, hooks: Hook[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  const exact = hooks.filter((k) => k.vendor !== "aircall").map((k) => k.id);
  const rows = await h.db.$queryRaw<{ id: string; n: bigint }[]>`
    SELECT vendor_event_id AS id, count(*) AS n FROM incoming_events WHERE vendor_event_id = ANY(${exact}::text[]) GROUP BY 1`;
  for (const r of rows) out.set(r.id, Number(r.n));
  const prefixes = [...new Set(hooks.filter((k) => k.vendor === "aircall").map((k) => k.id))];
  for (const p of prefixes) {
    const [r] = await h.db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM incoming_events WHERE vendor = 'aircall' AND vendor_event_id LIKE ${`${p}%`}`;
    out.set(p, Number(r?.n ?? 0));
  }
  return out;
}

export const percentile = (xs: number[], p: number): number | null => {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] ?? null;
};

/** How many of each key (answers by status, slow answers by second, …). */
export function tally(keys: Iterable<string | number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of keys) out[k] = (out[k] ?? 0) + 1;
  return out;
}
