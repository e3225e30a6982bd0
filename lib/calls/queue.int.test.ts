/**
 * The queue and wrap-up, end to end through the simulator and a real worker: when
 * everyone on shift is busy the caller waits instead of going to voicemail, and the
 * next staff member to become free is offered the call; nobody on shift, or a wait
 * that runs out, ends in voicemail; a softphone that stopped sending heartbeats is
 * never rung; after a call staff wrap up before they are offered another.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { useCallHarness } from "@/tests/support/call-harness";
import { callIdBySid, finished, inState, poll, seedPerson, seedStaff, statePath } from "@/tests/support/call-fixtures";
import { saveWrapUp } from "@/lib/softphone/wrap-up";
import { expireWrapUps, setManualPresence } from "@/lib/staff/presence";
import { staffClientAddress } from "./client-identity";
import type { CallRuntime } from "./runtime";

const CALLER = "+61412000077";
const party = staffClientAddress;

describe("queue and wrap-up", () => {
  let worker: CallRuntime;
  let alice: string;
  const { t, h } = useCallHarness({ env: { CALL_QUEUE_MAX_WAIT_MS: "4000", WRAP_UP_TIMEOUT_S: "60" } });

  beforeEach(async () => {
    await t.db.$executeRawUnsafe("TRUNCATE phone_calls, interaction_events, incoming_events, contact_points, persons, staff CASCADE");
    [alice] = (await seedStaff(t.db, ["Alice"])) as [string];
    await seedPerson(t.db, CALLER);
    worker = await h.startWorker();
  });
  afterEach(async () => {
    await worker?.stop();
    h.sim.reset();
  });

  const ring = () => callIdBySid(t.db, h.sim.inboundCall({ from: CALLER, to: "+61299990000" }).sid);
  const staffRow = () => t.db.staff.findUniqueOrThrow({ where: { id: alice } });
  const wrapUp = (callId: string) =>
    t.db.staff.update({ where: { id: alice }, data: { presence: "wrap_up", wrapUpUntil: new Date(Date.now() + 60_000), wrapUpCallId: null } }).then(() => callId);

  it("everyone on shift busy: the caller queues, and rings the first staff member to become free", async () => {
    await wrapUp("");
    h.sim.setBehaviour(party(alice), { answerAfter: 1, hangupAfter: 20 });
    const id = await ring();
    await inState(t.db, id, "queued");
    expect(h.sim.state().calls.filter((c) => c.to.startsWith("client:"))).toHaveLength(0);
    // Alice finishes her wrap-up by hand: the waiting caller is offered to her at once
    await setManualPresence(t.db, alice, "available", 30);
    await inState(t.db, id, "conference");
    const call = await finished(t.db, id);
    expect(call.endReason).toBe("staff_hung_up");
    expect(await statePath(t.db, id)).toEqual(["finding_staff", "queued", "finding_staff", "dialing_staff", "conference", "completed"]);
  });

  it("a wait that runs out goes to voicemail", async () => {
    await wrapUp("");
    const started = Date.now();
    const id = await ring();
    await inState(t.db, id, "queued");
    await inState(t.db, id, "voicemail", 10_000);
    expect(Date.now() - started).toBeGreaterThanOrEqual(3_500);
    expect(await statePath(t.db, id)).toEqual(["finding_staff", "queued", "voicemail"]);
  });

  it("nobody on shift (no connected softphone): voicemail at once, no queue", async () => {
    await t.db.staff.update({ where: { id: alice }, data: { softphoneSeenAt: null } });
    const id = await ring();
    await inState(t.db, id, "voicemail");
    expect(await statePath(t.db, id)).toEqual(["finding_staff", "voicemail"]);
    expect(h.sim.state().calls.filter((c) => c.to.startsWith("client:"))).toHaveLength(0); // a closed laptop is never rung
  });

  it("after a call she talked on, Alice wraps up; saving her note makes her available and files it", async () => {
    h.sim.setBehaviour(party(alice), { answerAfter: 1, hangupAfter: 5 });
    const id = await ring();
    await finished(t.db, id);
    const after = await staffRow();
    expect(after).toMatchObject({ presence: "wrap_up", wrapUpCallId: id, busyCallId: null });
    expect(after.wrapUpUntil!.getTime()).toBeGreaterThan(Date.now() + 50_000);
    expect(await saveWrapUp(t.db, { callId: id, staffId: alice, note: "Wants a refund", outcome: "follow_up" })).toEqual({ ok: true, endedWrapUp: true });
    expect(await staffRow()).toMatchObject({ presence: "available", wrapUpCallId: null });
    expect(await t.db.callWrapUp.findUniqueOrThrow({ where: { phoneCallId: id } })).toMatchObject({ note: "Wants a refund", outcome: "follow_up", staffId: alice });
  });

  it("a note saved after the call ended but before the engine released her waits (409), so no fresh wrap-up follows it", async () => {
    h.sim.setBehaviour(party(alice), { answerAfter: 1, hangupAfter: 5 });
    const id = await ring();
    await finished(t.db, id);
    // the moment between the call's end and the engine's release of her line
    await t.db.staff.update({ where: { id: alice }, data: { presence: "busy", busyCallId: id, wrapUpUntil: null, wrapUpCallId: null } });
    expect(await saveWrapUp(t.db, { callId: id, staffId: alice, note: "Too soon", outcome: null })).toEqual({ ok: false, reason: "call_live" });
    // so early that the engine has not even recorded her answer (the call names no staff yet): still "ask again", not "not yours"
    await t.db.phoneCall.update({ where: { id }, data: { staffId: null } });
    expect(await saveWrapUp(t.db, { callId: id, staffId: alice, note: "Too soon", outcome: null })).toEqual({ ok: false, reason: "call_live" });
    expect(await t.db.callWrapUp.count({ where: { phoneCallId: id } })).toBe(0);
    // released (into her wrap-up): the same save now ends it
    await t.db.staff.update({ where: { id: alice }, data: { presence: "wrap_up", busyCallId: null, wrapUpUntil: new Date(Date.now() + 60_000), wrapUpCallId: id } });
    expect(await saveWrapUp(t.db, { callId: id, staffId: alice, note: "Now", outcome: null })).toEqual({ ok: true, endedWrapUp: true });
    expect(await staffRow()).toMatchObject({ presence: "available", busyCallId: null });
  });

  it("a wrap-up whose time is up ends by itself and a queued caller rings her", async () => {
    await t.db.staff.update({ where: { id: alice }, data: { presence: "wrap_up", wrapUpUntil: new Date(Date.now() + 1_000) } });
    h.sim.setBehaviour(party(alice), { answerAfter: 1, hangupAfter: 5 });
    const id = await ring();
    await inState(t.db, id, "queued");
    await poll(async () => (await expireWrapUps(t.db)).length > 0, 5_000, 100);
    await inState(t.db, id, "conference");
  });
});
