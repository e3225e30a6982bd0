/**
 * The voice webhooks as Twilio calls them, signed (or not), against a real
 * database: what they answer, what they store, and what they refuse.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { signTwilio } from "@/lib/vendors/twilio/verify";
import { finished, seedPerson, seedStaff } from "@/tests/support/call-fixtures";
import { OUR_NUMBER, useCallHarness } from "@/tests/support/call-harness";
import type { CallRuntime } from "../runtime";

const CALLER = "+61412000010";
const sid = (n: number) => `CA${String(n).padStart(32, "0")}`;

describe("voice webhooks", () => {
  let person: string;

  const { t, h } = useCallHarness();
  beforeEach(async () => {
    await t.db.$executeRawUnsafe("TRUNCATE phone_calls, interaction_events, contact_points, persons, staff CASCADE");
    await seedStaff(t.db, ["Alice"]);
    person = await seedPerson(t.db, CALLER);
  });

  /** POST as Twilio would: form body, signed over the public URL (unless told otherwise). */
  const twilio = async (pathAndQuery: string, params: Record<string, string>, signature?: string | null) => {
    const headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded" };
    const sig = signature === undefined ? signTwilio(h.sim.authToken, h.publicBase + pathAndQuery, params) : signature;
    if (sig !== null) headers["x-twilio-signature"] = sig;
    const res = await fetch(h.server.url + pathAndQuery, { method: "POST", headers, body: new URLSearchParams(params).toString() });
    return { status: res.status, body: await res.text() };
  };
  const inbound = (callSid: string) => ({ AccountSid: h.sim.accountSid, CallSid: callSid, From: CALLER, To: OUR_NUMBER, CallStatus: "ringing", Direction: "inbound" });

  it("answers the caller at once with the call's conference, identified, and stores the start once", async () => {
    const first = await twilio("/api/voice/inbound", inbound(sid(1)));
    expect(first.status).toBe(200);
    expect(first.body).toContain(`<Conference`);
    expect(first.body).toContain(`>call-${sid(1)}</Conference>`);
    const call = await t.db.phoneCall.findUniqueOrThrow({ where: { callSid: sid(1) } });
    expect(call).toMatchObject({ state: "ringing", personId: person, direction: "inbound", fromNumber: CALLER, version: 0 });
    expect(first.body).toContain(`/api/voice/conference?call=${call.id}`);
    const again = await twilio("/api/voice/inbound", inbound(sid(1)));
    expect(again).toEqual(first);
    const mailbox = await t.db.phoneCallEvent.findMany({ where: { phoneCallId: call.id } });
    expect(mailbox.map((m) => [m.kind, m.dedupeKey, (m.payload as { type: string }).type])).toEqual([["machine", "start", "call_started"]]);
  });

  it("refuses a missing or wrong signature (401/403) and a malformed body (400), storing nothing", async () => {
    expect((await twilio("/api/voice/inbound", inbound(sid(2)), null)).status).toBe(401);
    expect((await twilio("/api/voice/inbound", inbound(sid(2)), "d3Jvbmc=")).status).toBe(403);
    const { From: _from, ...noFrom } = inbound(sid(2));
    expect((await twilio("/api/voice/inbound", noFrom)).status).toBe(400);
    expect((await twilio("/api/voice/status", { CallSid: sid(2), CallStatus: "sideways", SequenceNumber: "0", Timestamp: "x" })).status).toBe(400);
    expect(await t.db.phoneCall.count()).toBe(0);
    expect(await t.db.phoneCallEvent.count()).toBe(0);
  });

  it("a callback about a call we never had is answered and dropped", async () => {
    const r = await twilio(`/api/voice/conference?call=00000000-0000-4000-8000-000000000000`, {
      ConferenceSid: `CF${"0".repeat(32)}`,
      StatusCallbackEvent: "conference-end",
      SequenceNumber: "0",
    });
    expect(r.status).toBe(200);
    expect(await t.db.phoneCallEvent.count()).toBe(0);
  });

  it("a caller who hangs up before the voice webhook is answered: the call opens from the callback, and ends", async () => {
    let worker: CallRuntime | null = null;
    try {
      worker = await h.startWorker();
      const done = await twilio("/api/voice/status", { ...inbound(sid(3)), CallStatus: "completed", SequenceNumber: "0", Timestamp: new Date().toUTCString() });
      expect(done.status).toBe(200);
      const late = await twilio("/api/voice/inbound", inbound(sid(3))); // Twilio's voice request, answered after all
      expect(late.status).toBe(200);
      const call = await t.db.phoneCall.findUniqueOrThrow({ where: { callSid: sid(3) } });
      const ended = await finished(t.db, call.id);
      expect(ended).toMatchObject({ endReason: "caller_hung_up", personId: person, staffId: null });
      expect(await t.db.phoneCall.count()).toBe(1);
    } finally {
      await worker?.stop();
    }
  });

  it("a staff leg the call has moved on from is hung up instead of joining", async () => {
    await twilio("/api/voice/inbound", inbound(sid(4)));
    const call = await t.db.phoneCall.findUniqueOrThrow({ where: { callSid: sid(4) } });
    const r = await twilio(`/api/voice/staff?call=${call.id}&leg=${sid(4)}:leg:7`, { CallSid: sid(5), AccountSid: h.sim.accountSid });
    expect(r.status).toBe(200);
    expect(r.body).toContain("<Hangup/>");
    expect(r.body).not.toContain("<Conference");
  });
});
