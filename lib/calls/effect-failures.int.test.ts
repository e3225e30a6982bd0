/**
 * Twilio refuses one kind of request for good (a 500, every time). The effect
 * is retried a bounded number of times and then given up; meanwhile the call's
 * mailbox keeps moving; then the machine takes the call to its safe end with
 * every staff member freed, and the outcome is on record (the effect's result and
 * attempts, an `effect_failed` transition).
 */
import { staffClientAddress } from "@/lib/calls/client-identity";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { callIdBySid, finished, poll, seedPerson, seedStaff, statePath } from "@/tests/support/call-fixtures";
import { OUR_NUMBER, useCallHarness } from "@/tests/support/call-harness";
import { failingTwilio, type CallFaults } from "@/tests/support/failing-twilio";
import { interactionIdFor } from "./call-interaction";
import { retryWindowMs } from "./effect-retry";
import type { CallRuntime } from "./runtime";

const CALLER = "+61412000031";

describe("an effect Twilio keeps refusing", () => {
  let worker: CallRuntime | null = null;
  let alice: string;
  let bob: string;

  const { t, h } = useCallHarness({ env: { CALL_EFFECT_MAX_ATTEMPTS: "4", CALL_EFFECT_RETRY_MS: "100" } });
  beforeEach(async () => {
    await t.db.$executeRawUnsafe("TRUNCATE phone_calls, interaction_events, contact_points, persons, staff CASCADE");
    [alice, bob] = (await seedStaff(t.db, ["Alice", "Bob"])) as [string, string];
    await seedPerson(t.db, CALLER, { assignedStaffId: alice });
  });
  afterEach(async () => {
    await worker?.stop();
    worker = null;
    h.sim.reset();
  });

  const start = async (faults: CallFaults) => {
    const twilio = failingTwilio(faults);
    worker = await h.startWorker({ twilio: twilio.wrap });
    return twilio;
  };
  const window = () => retryWindowMs(h.config.effectRetry);
  const effectOf = (id: string, type: string) => t.db.phoneCallEffect.findFirstOrThrow({ where: { phoneCallId: id, effect: { path: ["type"], equals: type } }, orderBy: { id: "asc" } });
  const staffRows = async () => (await t.db.staff.findMany({ orderBy: { displayName: "asc" } })).map((s) => [s.displayName, s.presence, s.busyCallId]);
  const staffLegs = () => h.sim.state().calls.filter((c) => c.to.startsWith("client:"));

  it("a staff leg that cannot be placed: given up within the window, Alice freed, Bob rung", async () => {
    expect(window()).toBe(700); // 100 + 200 + 400 ms between four attempts
    const twilio = await start({ create: (p) => String(p.to).startsWith(staffClientAddress(alice)) });
    h.sim.setBehaviour(staffClientAddress(bob), { answerAfter: 1, hangupAfter: 5 });
    const id = await callIdBySid(t.db, h.sim.inboundCall({ from: CALLER, to: OUR_NUMBER }).sid);
    const call = await finished(t.db, id);
    expect(call).toMatchObject({ state: "completed", endReason: "staff_hung_up", staffId: bob });
    expect(await statePath(t.db, id)).toEqual(["finding_staff", "dialing_staff", "finding_staff", "dialing_staff", "conference", "completed"]);

    const dial = await effectOf(id, "dial_staff");
    expect(dial).toMatchObject({ attempts: 4, lastError: "Twilio 500 (20500): Twilio is having a bad day", nextAttemptAt: null });
    expect(dial.result).toMatch(/^failed: Twilio 500/);
    expect(twilio.failures.filter((f) => String(f.target).startsWith(staffClientAddress(alice)))).toHaveLength(4);
    const told = await t.db.callTransition.findFirstOrThrow({ where: { phoneCallId: id, event: { path: ["type"], equals: "effect_failed" } } });
    expect(told).toMatchObject({ fromState: "dialing_staff", toState: "finding_staff" });
    expect(told.event).toMatchObject({ effect: { type: "dial_staff", key: dial.key, staffId: alice }, reason: dial.lastError });

    // Alice was freed once the dial was given up: within the window of the first attempt, plus the work of four
    // attempts and of the steps after them (about 140 ms on a quiet machine; room left for a loaded one)
    const aliceRow = await t.db.staff.findUniqueOrThrow({ where: { id: alice } });
    expect(aliceRow.presenceChangedAt.getTime() - dial.createdAt.getTime()).toBeLessThan(window() + 1_500);
    expect(await staffRows()).toEqual([
      ["Alice", "available", null],
      ["Bob", "available", null],
    ]);
    expect(staffLegs().map((c) => c.to)).toEqual([staffClientAddress(bob)]);
  });

  it("the caller hangs up while the dial keeps failing: heard at once; the call ends when the dial is given up", async () => {
    const twilio = await start({ create: (p) => String(p.to).startsWith(staffClientAddress(alice)) });
    const caller = h.sim.inboundCall({ from: CALLER, to: OUR_NUMBER });
    const id = await callIdBySid(t.db, caller.sid);
    await poll(async () => twilio.failures.length >= 1);
    h.sim.hangup(caller.sid);
    const call = await finished(t.db, id);
    expect(call).toMatchObject({ state: "completed", endReason: "caller_hung_up", staffId: null });
    const dial = await effectOf(id, "dial_staff");
    const hungUp = await t.db.callTransition.findFirstOrThrow({ where: { phoneCallId: id, event: { path: ["type"], equals: "caller_hung_up" } } });
    // the mailbox did not wait for the failing effect: the hang-up was read while it was being retried
    expect(hungUp.at.getTime()).toBeLessThan(dial.doneAt!.getTime());
    expect(dial.attempts).toBe(4);
    // given up after the end: recorded, nothing done about it
    const late = await t.db.callTransition.findFirstOrThrow({ where: { phoneCallId: id, event: { path: ["type"], equals: "effect_failed" } } });
    expect(late).toMatchObject({ fromState: "completed", toState: "completed" });
    expect(late.event).toMatchObject({ ignored: true });
    expect(await staffRows()).toEqual([
      ["Alice", "available", null],
      ["Bob", "available", null],
    ]);
    expect(staffLegs()).toEqual([]);
    expect(await t.db.interactionEvent.count({ where: { id: interactionIdFor(id) } })).toBe(1);
  });

  it("a caller who cannot be sent to voicemail is hung up: the call has failed", async () => {
    await t.db.staff.updateMany({ data: { presence: "offline" } });
    const twilio = await start({ update: (_sid, p) => typeof p.url === "string" && p.url.includes("voicemail") });
    const caller = h.sim.inboundCall({ from: CALLER, to: OUR_NUMBER });
    const id = await callIdBySid(t.db, caller.sid);
    const call = await finished(t.db, id);
    expect(call).toMatchObject({ state: "failed", endReason: "failed" });
    expect(await statePath(t.db, id)).toEqual(["finding_staff", "voicemail", "failed"]);
    expect((await effectOf(id, "start_voicemail")).result).toMatch(/^failed: /);
    expect(twilio.failures).toHaveLength(4);
    await h.sim.waitFor(() => h.sim.call(caller.sid)?.status === "completed");
    const ie = await t.db.interactionEvent.findUniqueOrThrow({ where: { id: interactionIdFor(id) }, include: { call: true } });
    expect(ie.call?.outcome).toBe("failed");
  });
});
