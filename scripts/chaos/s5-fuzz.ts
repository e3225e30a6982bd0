/**
 * Scenario 5: fuzzed payloads (fast-check) at every webhook: wrong types, missing
 * fields, huge bodies, bad UTF-8, validly signed so they reach the parsers (and some
 * unsigned). Every answer a 4xx (or a 2xx for a body that is, by chance, the vendor's
 * format: it is stored and skipped), never a 5xx or a dropped connection; the web
 * processes stay up, and their memory stays flat (RSS before and after, after a settle).
 */
import fc from "fast-check";
import { signAircall } from "@/lib/vendors/aircall/verify";
import { signFront } from "@/lib/vendors/front/verify";
import { signTwilio } from "@/lib/vendors/twilio/verify";
import { rssMb, say, sleep, type Harness, type ScenarioResult } from "./harness";
import { AIRCALL_PATH, FRONT_PATH, SMS_PATH, send, type Hook } from "./webhooks";

const RUNS = Number(process.env.CHAOS_FUZZ_RUNS ?? 300);
const MAX_BODY_BYTES = 1_048_576;

const json = fc.oneof(fc.jsonValue(), fc.object(), fc.record({ resource: fc.oneof(fc.string(), fc.integer()), event: fc.oneof(fc.constantFrom("call.created", "call.ended"), fc.string()), data: fc.anything() }, { requiredKeys: [] }), fc.record({ type: fc.oneof(fc.constant("inbound"), fc.string()), payload: fc.anything() }, { requiredKeys: [] }));
const badUtf8 = fc.uint8Array({ minLength: 1, maxLength: 256 }).map((b) => Buffer.concat([Buffer.from([0xc3, 0x28, 0xff]), Buffer.from(b)]));
const huge = fc.integer({ min: 1_100_000, max: 2_000_000 }).map((n) => Buffer.alloc(n, 0x61));
const body = fc.oneof({ weight: 6, arbitrary: json.map((j) => Buffer.from(JSON.stringify(j) ?? "null")) }, { weight: 2, arbitrary: badUtf8 }, { weight: 1, arbitrary: huge }, { weight: 2, arbitrary: fc.string().map((s) => Buffer.from(s)) });
const form = fc.dictionary(fc.constantFrom("MessageSid", "From", "To", "Body", "AccountSid", "NumMedia", "SmsStatus", "x"), fc.oneof(fc.string(), fc.constant("+61400000000"), fc.constant("")));

function fuzzed(h: Harness, vendor: number, raw: Buffer, params: Record<string, string>, signed: boolean): Hook & { raw: Buffer } {
  if (vendor === 0) {
    const text = new URLSearchParams(params).toString();
    const sig = signTwilio(h.env.TWILIO_AUTH_TOKEN ?? "", `${h.base}${SMS_PATH}`, params);
    return { vendor: "twilio", id: "", path: SMS_PATH, headers: { "content-type": "application/x-www-form-urlencoded", ...(signed ? { "x-twilio-signature": sig } : {}) }, body: text, raw: Buffer.from(text) };
  }
  if (vendor === 1) {
    let text = raw.toString("latin1");
    try {
      const parsed: unknown = JSON.parse(raw.toString("utf8"));
      if (signed && parsed && typeof parsed === "object" && !Array.isArray(parsed)) text = signAircall(parsed as Record<string, unknown>, h.env.AIRCALL_WEBHOOK_TOKEN ?? "");
    } catch {
      // not JSON: sent as it is
    }
    return { vendor: "aircall", id: "", path: AIRCALL_PATH, headers: { "content-type": "application/json" }, body: text, raw: text === raw.toString("latin1") ? raw : Buffer.from(text) };
  }
  const ts = String(Date.now());
  const sig = signFront(h.env.FRONT_APP_SECRET ?? "", ts, raw.toString("utf8"));
  return { vendor: "front", id: "", path: FRONT_PATH, headers: { "content-type": "application/json", ...(signed ? { "x-front-request-timestamp": ts, "x-front-signature": sig } : {}) }, body: "", raw };
}

export async function fuzz(h: Harness): Promise<ScenarioResult> {
  const pids = h.webs.map((w) => w.pid);
  const rssBefore = pids.map(rssMb);
  const statuses: Record<string, number> = {};
  const fiveHundreds: string[] = [];
  let sent = 0;
  let acked = 0;
  let resetOnHuge = 0;
  const before = await h.db.incomingEvent.count();
  await fc.assert(
    fc.asyncProperty(fc.integer({ min: 0, max: 2 }), body, form, fc.boolean(), async (vendor, raw, params, unsigned) => {
      const hook = fuzzed(h, vendor, raw, params, !unsigned || vendor === 1);
      const a = await send(h.base, { path: hook.path, headers: hook.headers, body: hook.raw }, 15_000);
      sent += 1;
      statuses[a.status] = (statuses[a.status] ?? 0) + 1;
      if (a.status >= 200 && a.status < 300) acked += 1;
      // a body past MAX_BODY_BYTES is answered 413 at once and the connection closed: a client still uploading may see the reset instead
      if (a.status === 0 && hook.raw.length > MAX_BODY_BYTES) resetOnHuge += 1;
      else if (a.status === 0 || a.status >= 500) fiveHundreds.push(`${hook.path} ${a.status} ${a.error ?? ""} ${hook.raw.subarray(0, 80).toString("latin1")}`);
      return true;
    }),
    { numRuns: RUNS, seed: 5 },
  );
  await sleep(3_000);
  const alive = h.webs.every((w) => w.child.exitCode === null);
  const rssAfter = pids.map(rssMb);
  const stored = (await h.db.incomingEvent.count()) - before;
  for (const f of fiveHundreds.slice(0, 5)) say(`s5: ${f}`);
  const grewMb = rssAfter.map((r, i) => (r !== null && rssBefore[i] !== null ? Math.round((r - (rssBefore[i] as number)) * 10) / 10 : null));
  return {
    scenario: "5_fuzzed_payloads",
    // flat: each web process grows by less than 100 MB over the run (a 2 MB body each time would not stay under that if kept)
    ok: fiveHundreds.length === 0 && alive && grewMb.every((g) => g !== null && g < 100),
    sent,
    acknowledged: acked,
    stored,
    lost: 0,
    duplicated: 0,
    statuses,
    five_hundreds_or_dropped: fiveHundreds.length,
    huge_body_reset_before_413: resetOnHuge,
    web_alive: alive,
    rss_mb_before: rssBefore,
    rss_mb_after: rssAfter,
    rss_mb_growth: grewMb,
  };
}
