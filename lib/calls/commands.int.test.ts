/**
 * Staff at work: an outbound call (staff leg first, then the person into the same
 * conference), hold and mute through the conference, cold and warm transfers,
 * hang-up, and the softphone API that queues these commands.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { staffClientAddress } from "./client-identity";
import type { SessionUser } from "@/lib/auth/session";
import { logger } from "@/lib/log/logger";
import { callIdBySid, finished, inState, poll, seedPerson, seedStaff, statePath } from "@/tests/support/call-fixtures";
import { OUR_NUMBER, useCallHarness } from "@/tests/support/call-harness";
import { interactionIdFor } from "./call-interaction";
import { sendCallCommand } from "./commands";
import type { CallEvent } from "./machine";
import { openOutboundCall } from "./open-call";
import type { CallRuntime } from "./runtime";
import { actorContextSchema } from "./schemas";
import { voiceUrls } from "./urls";
import { handleCallCommand, handleStartOutbound } from "./web/staff-api";

const PERSON = "+61412000009";

describe("staff commands", () => {
  let worker: CallRuntime;
  let alice: string;
  let bob: string;
  let person: string;

  const { t, h } = useCallHarness();
  beforeAll(async () => {
    worker = await h.startWorker();
  });
  afterAll(async () => {
    await worker.stop();
  });
  beforeEach(async () => {
    await t.db.$executeRawUnsafe("TRUNCATE phone_calls, interaction_events, contact_points, persons, staff, users CASCADE");
    [alice, bob] = (await seedStaff(t.db, ["Alice", "Bob"])) as [string, string];
    person = await seedPerson(t.db, PERSON);
  });
  afterEach(() => h.sim.reset());

  const command = (callId: string, staffId: string, event: CallEvent) => sendCallCommand(t.db, { callId, staffId, event });
  /** the conference participant of the live leg to `party` (for an inbound caller: from) */
  const participant = (party: string) => {
    const sid = h.sim.state().calls.find((c) => (c.to === party || (c.direction === "inbound" && c.from === party)) && c.status === "in-progress")?.sid;
    return h.sim.state().conferences.flatMap((c) => c.participants).find((p) => p.call_sid === sid && p.status === "connected");
  };
  const ctxOf = async (id: string) => actorContextSchema.parse((await t.db.phoneCall.findUniqueOrThrow({ where: { id } })).context).call;

  it("outbound: the staff member's leg, then the person's; hold, mute, hang up", async () => {
    h.sim.setBehaviour(staffClientAddress(alice), { answerAfter: 1 });
    h.sim.setBehaviour(PERSON, { answerAfter: 2 });
    const r = await openOutboundCall(t.db, { staffId: alice, to: "0412 000 009", personId: null }, h.config);
    if (!r.ok) throw new Error(r.reason);
    await poll(async () => (await ctxOf(r.id)).person?.answered === true && participant(PERSON) !== undefined);
    const legs = h.sim.state().calls.map((c) => [c.to, c.from]);
    expect(legs).toEqual([
      [staffClientAddress(alice), OUR_NUMBER],
      [PERSON, OUR_NUMBER],
    ]);

    expect(await command(r.id, alice, { type: "hold_requested", party: "caller", hold: true })).toEqual({ ok: true, queued: true });
    await h.sim.waitFor(() => participant(PERSON)?.hold === true);
    await command(r.id, alice, { type: "hold_requested", party: "caller", hold: false });
    await h.sim.waitFor(() => participant(PERSON)?.hold === false);
    await command(r.id, alice, { type: "mute_requested", party: "staff", muted: true });
    await h.sim.waitFor(() => participant(staffClientAddress(alice))?.muted === true);
    expect(await command(r.id, bob, { type: "hangup_requested" })).toEqual({ ok: false, reason: "not_on_call" });
    await command(r.id, alice, { type: "hangup_requested" });

    const call = await finished(t.db, r.id);
    expect(call).toMatchObject({ direction: "outbound", endReason: "hangup_requested", personId: person, staffId: alice });
    await h.sim.waitFor(() => h.sim.state().calls.every((c) => c.status === "completed"));
    const ie = await t.db.interactionEvent.findUniqueOrThrow({ where: { id: interactionIdFor(r.id) }, include: { call: true } });
    expect(ie).toMatchObject({ direction: "outbound", personId: person, staffId: alice });
    expect(ie.call).toMatchObject({ outcome: "answered", vendorCallId: h.sim.state().calls.find((c) => c.to === PERSON)?.sid });
    expect(await command(r.id, alice, { type: "hangup_requested" })).toEqual({ ok: false, reason: "call_ended" });
  });

  it("cold transfer: the caller waits on hold while the next staff member rings", async () => {
    h.sim.setBehaviour(staffClientAddress(alice), { answerAfter: 1 });
    h.sim.setBehaviour(staffClientAddress(bob), { answerAfter: 2, hangupAfter: 5 });
    const id = await callIdBySid(t.db, h.sim.inboundCall({ from: PERSON, to: OUR_NUMBER }).sid);
    await inState(t.db, id, "conference");
    await h.sim.waitFor(() => participant(staffClientAddress(alice)));
    await command(id, alice, { type: "transfer_requested", toStaffId: bob, mode: "cold" });
    const call = await finished(t.db, id);
    expect(await statePath(t.db, id)).toEqual(["finding_staff", "dialing_staff", "conference", "dialing_staff", "conference", "completed"]);
    expect(call).toMatchObject({ endReason: "staff_hung_up", staffId: bob });
    const holds = h.sim.webhooks("conference-status").map((w) => w.params.StatusCallbackEvent).filter((e) => e?.includes("hold"));
    expect(holds).toEqual(["participant-hold", "participant-unhold"]);
    expect((await t.db.staff.findUniqueOrThrow({ where: { id: alice } })).presence).toBe("available");
  });

  it("warm transfer: consult, then hand over", async () => {
    h.sim.setBehaviour(staffClientAddress(alice), { answerAfter: 1 });
    h.sim.setBehaviour(staffClientAddress(bob), { answerAfter: 2, hangupAfter: 20 });
    const id = await callIdBySid(t.db, h.sim.inboundCall({ from: PERSON, to: OUR_NUMBER }).sid);
    await inState(t.db, id, "conference");
    await h.sim.waitFor(() => participant(staffClientAddress(alice)));
    await command(id, alice, { type: "transfer_requested", toStaffId: bob, mode: "warm" });
    await poll(async () => (await ctxOf(id)).transfer?.phase === "consulting");
    expect(participant(PERSON)?.hold).toBe(true);
    await command(id, bob, { type: "transfer_handover" }); // either party to the transfer may hand over
    await poll(async () => (await ctxOf(id)).leg?.staffId === bob);
    await h.sim.waitFor(() => participant(PERSON)?.hold === false);
    const call = await finished(t.db, id);
    expect(call).toMatchObject({ endReason: "staff_hung_up", staffId: bob });
    const aliceLeg = h.sim.state().calls.find((c) => c.to === staffClientAddress(alice));
    expect(aliceLeg?.status).toBe("completed");
  });

  describe("the softphone API", () => {
    const user = async (staffId: string): Promise<SessionUser> => {
      const u = await t.db.user.create({ data: { id: `u-${staffId}`, name: "S", email: `${staffId}@switchboard.test`, role: "staff" } });
      await t.db.staff.update({ where: { id: staffId }, data: { userId: u.id } });
      return { id: u.id, email: u.email, name: u.name, role: "staff" };
    };
    const deps = () => ({ db: t.db, authToken: h.sim.authToken, verifyBase: h.publicBase, config: h.config, urls: voiceUrls(h.publicBase), log: logger });
    const post = (body: unknown, headers: Record<string, string> = {}) =>
      new Request("http://localhost/api/voice/calls", { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });

    it("places a call and queues commands; refuses what it must", async () => {
      h.sim.setBehaviour(staffClientAddress(alice), { answerAfter: 1 });
      h.sim.setBehaviour(PERSON, { answerAfter: 1 });
      const a = await user(alice);
      const b = await user(bob);
      expect((await handleStartOutbound(post({ to: "not a number" }), deps(), a)).status).toBe(400);
      expect((await handleStartOutbound(post({ to: PERSON, personId: "00000000-0000-4000-8000-000000000000" }), deps(), a)).status).toBe(400);
      const started = await handleStartOutbound(post({ to: PERSON }), deps(), a);
      expect(started.status).toBe(202);
      const { callId } = (await started.json()) as { callId: string };
      await inState(t.db, callId, "conference");

      const hold = (u: SessionUser, body: unknown, key?: string) => handleCallCommand(post(body, key ? { "idempotency-key": key } : {}), deps(), u, callId, "hold");
      expect((await hold(a, { party: "caller", hold: "yes" })).status).toBe(400);
      expect((await hold(b, { party: "caller", hold: true })).status).toBe(403);
      const first = await hold(a, { party: "caller", hold: true }, "request-0001");
      expect([first.status, await first.json()]).toEqual([202, { queued: true }]);
      const retried = await hold(a, { party: "caller", hold: true }, "request-0001");
      expect([retried.status, await retried.json()]).toEqual([202, { queued: false }]);
      expect((await handleCallCommand(post({}), deps(), a, callId, "explode")).status).toBe(404);
      expect((await handleCallCommand(post({}), deps(), a, callId, "hangup")).status).toBe(202);
      await finished(t.db, callId);
      expect((await handleCallCommand(post({}), deps(), a, callId, "hangup")).status).toBe(409);
    });
  });
});
