/**
 * Scenario 4: tampered signatures, wrong hosts, missing headers, on every vendor's
 * webhook → 401 or 403, and nothing stored.
 */
import { signedTwilioRequest } from "@/lib/vendors/twilio/verify";
import type { Harness, ScenarioResult } from "./harness";
import { aircallCall, frontMessage, send, storedCounts, twilioSms, type Hook } from "./webhooks";

type Case = { name: string; hook: Hook };

const tamper = (s: string) => (s.at(-2) === "A" ? `${s.slice(0, -2)}B${s.slice(-1)}` : `${s.slice(0, -2)}A${s.slice(-1)}`);
const without = (headers: Record<string, string>, name: string) => Object.fromEntries(Object.entries(headers).filter(([k]) => k.toLowerCase() !== name));

export async function badSignatures(h: Harness): Promise<ScenarioResult> {
  const cases: Case[] = [];
  for (let i = 0; i < 20; i++) {
    const sms = twilioSms(h, "bad", i);
    const sig = sms.headers["x-twilio-signature"] ?? "";
    cases.push({ name: "twilio: tampered signature", hook: { ...sms, headers: { ...sms.headers, "x-twilio-signature": tamper(sig) } } });
    cases.push({ name: "twilio: tampered body", hook: { ...sms, body: sms.body.replace("chaos", "chaoz") } });
    cases.push({ name: "twilio: missing signature", hook: { ...sms, headers: without(sms.headers, "x-twilio-signature") } });
    // signed for another host: what a replay aimed at us from elsewhere carries
    const params = Object.fromEntries(new URLSearchParams(sms.body));
    const elsewhere = signedTwilioRequest(h.env.TWILIO_AUTH_TOKEN ?? "", `https://evil.example.com${sms.path}`, params);
    cases.push({ name: "twilio: signed for another host", hook: { ...sms, headers: elsewhere.headers as Record<string, string> } });

    const front = frontMessage(h, 10_000 + i);
    cases.push({ name: "front: tampered signature", hook: { ...front, headers: { ...front.headers, "x-front-signature": tamper(front.headers["x-front-signature"] ?? "") } } });
    cases.push({ name: "front: tampered body", hook: { ...front, body: front.body.replace("message", "massage") } });
    cases.push({ name: "front: missing signature", hook: { ...front, headers: without(front.headers, "x-front-signature") } });
    cases.push({ name: "front: missing timestamp", hook: { ...front, headers: without(front.headers, "x-front-request-timestamp") } });

    const [aircall] = aircallCall(h, 7_700_000 + i, 20_000 + i);
    if (aircall) {
      const body = JSON.parse(aircall.body) as Record<string, unknown>;
      cases.push({ name: "aircall: wrong token", hook: { ...aircall, body: JSON.stringify({ ...body, token: "not-the-token" }) } });
      cases.push({ name: "aircall: missing token", hook: { ...aircall, body: JSON.stringify({ ...body, token: undefined }) } });
    }
  }
  const before = await h.db.incomingEvent.count();
  const byCase: Record<string, Record<string, number>> = {};
  let refused = 0;
  for (const c of cases) {
    const a = await send(h.base, c.hook);
    (byCase[c.name] ??= {})[a.status] = (byCase[c.name]?.[a.status] ?? 0) + 1;
    if (a.status === 401 || a.status === 403) refused += 1;
  }
  const counts = await storedCounts(h, cases.map((c) => c.hook));
  const stored = [...counts.values()].reduce((s, n) => s + n, 0);
  const after = await h.db.incomingEvent.count();
  return {
    scenario: "4_bad_signatures",
    ok: refused === cases.length && stored === 0 && after === before,
    sent: cases.length,
    acknowledged: cases.length - refused,
    stored,
    lost: 0,
    duplicated: 0,
    refused_401_403: refused,
    incoming_events_added: after - before,
    statuses_by_case: byCase,
  };
}
