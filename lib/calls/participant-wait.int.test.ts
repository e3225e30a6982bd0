/**
 * A hold asked for while the caller still hears the greeting (staff answered
 * first) cannot be done until the caller joins the conference. It waits as an
 * effect to be tried again, not inside the actor: whatever happens meanwhile (a
 * hang-up on either side) is heard at once, and a hold still wanted is applied
 * when the caller joins.
 */
import { staffClientAddress } from "@/lib/calls/client-identity";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { callIdBySid, finished, inState, poll, seedPerson, seedStaff } from "@/tests/support/call-fixtures";
import { OUR_NUMBER, useCallHarness } from "@/tests/support/call-harness";
import { sendCallCommand } from "./commands";
import type { CallRuntime } from "./runtime";

const CALLER = "+61412000041";
/** 400 words: 160 simulated seconds at 0.4 s a word, 3.2 s at the harness's 50× */
const GREETING = "Please hold. ".repeat(200).trim();

describe("a hold that waits for the caller to join", () => {
  let worker: CallRuntime;
  let alice: string;

  const { t, h } = useCallHarness({ env: { CALL_GREETING: GREETING } });
  beforeAll(async () => {
    worker = await h.startWorker();
  });
  afterAll(async () => {
    await worker.stop();
  });
  beforeEach(async () => {
    h.sim.reset();
    await t.db.$executeRawUnsafe("TRUNCATE phone_calls, interaction_events, contact_points, persons, staff CASCADE");
    [alice] = (await seedStaff(t.db, ["Alice", "Bob"])) as [string, string];
    await seedPerson(t.db, CALLER, { assignedStaffId: alice });
  });

  /** Alice answers and asks for the caller to be held while the caller still hears the greeting. */
  const holdDuringGreeting = async () => {
    h.sim.setBehaviour(staffClientAddress(alice), { answerAfter: 1 });
    const caller = h.sim.inboundCall({ from: CALLER, to: OUR_NUMBER });
    const id = await callIdBySid(t.db, caller.sid);
    await inState(t.db, id, "conference");
    expect(await sendCallCommand(t.db, { callId: id, staffId: alice, event: { type: "hold_requested", party: "caller", hold: true } })).toEqual({ ok: true, queued: true });
    await poll(() => t.db.phoneCallEffect.findFirst({ where: { phoneCallId: id, effect: { path: ["type"], equals: "update_participant" } } }));
    await new Promise((r) => setTimeout(r, 300)); // tried, and not possible yet
    const hold = await t.db.phoneCallEffect.findFirstOrThrow({ where: { phoneCallId: id, effect: { path: ["type"], equals: "update_participant" } } });
    expect(hold.doneAt).toBeNull();
    const aliceLeg = h.sim.state().calls.find((c) => c.to === staffClientAddress(alice));
    return { id, callerSid: caller.sid, aliceSid: aliceLeg?.sid ?? "", holdId: hold.id };
  };
  const statusRow = (id: string, leg: string) => poll(() => t.db.phoneCallEvent.findFirst({ where: { phoneCallId: id, kind: "status", leg, payload: { path: ["status"], equals: "completed" } } }));
  const processedWithin = async (rowId: bigint, ms: number) => {
    const row = await poll(async () => {
      const r = await t.db.phoneCallEvent.findUniqueOrThrow({ where: { id: rowId } });
      return r.processedAt ? { ...r, processedAt: r.processedAt } : null;
    }, 5_000);
    expect(row.processedAt.getTime() - row.receivedAt.getTime()).toBeLessThan(ms);
  };
  const aliceFree = async () => expect(await t.db.staff.findUniqueOrThrow({ where: { id: alice } })).toMatchObject({ presence: "available", busyCallId: null });

  it("Alice hangs up meanwhile: heard at once, the caller hung up, the hold dropped", async () => {
    const { id, callerSid, aliceSid, holdId } = await holdDuringGreeting();
    h.sim.hangup(aliceSid);
    await processedWithin((await statusRow(id, `${callerSid}:leg:1`)).id, 1_000);
    expect((await finished(t.db, id, 2_000)).endReason).toBe("staff_hung_up");
    await h.sim.waitFor(() => h.sim.call(callerSid)?.status === "completed", 1_000); // not left hearing the greeting
    expect((await t.db.phoneCallEffect.findUniqueOrThrow({ where: { id: holdId } })).result).toBe("skipped: the call has ended");
    await aliceFree();
  });

  it("the caller hangs up meanwhile: heard at once, Alice's leg hung up and Alice freed", async () => {
    const { id, callerSid, aliceSid, holdId } = await holdDuringGreeting();
    h.sim.hangup(callerSid);
    await processedWithin((await statusRow(id, "caller")).id, 1_000);
    expect((await finished(t.db, id, 2_000)).endReason).toBe("caller_hung_up");
    await h.sim.waitFor(() => h.sim.call(aliceSid)?.status === "completed", 1_000);
    expect((await t.db.phoneCallEffect.findUniqueOrThrow({ where: { id: holdId } })).result).toMatch(/^(skipped: the call has ended|leg ended)$/);
    await aliceFree();
  });

  it("nobody hangs up: the hold is applied once the caller joins", async () => {
    const { id, callerSid, holdId } = await holdDuringGreeting();
    const waiting = await t.db.phoneCallEffect.findUniqueOrThrow({ where: { id: holdId } });
    expect(waiting).toMatchObject({ result: "waiting for the leg to join the conference", attempts: 0 });
    const held = () => h.sim.state().conferences.flatMap((c) => c.participants).find((p) => p.call_sid === callerSid && p.status === "connected")?.hold;
    await h.sim.waitFor(() => held() === true, 6_000);
    const done = await poll(async () => (await t.db.phoneCallEffect.findUniqueOrThrow({ where: { id: holdId } })).doneAt, 2_000);
    expect(done).toBeInstanceOf(Date);
    expect((await t.db.phoneCallEffect.findUniqueOrThrow({ where: { id: holdId } })).result).toBe("participant updated");
    await sendCallCommand(t.db, { callId: id, staffId: alice, event: { type: "hangup_requested" } });
    await finished(t.db, id);
  });
});
