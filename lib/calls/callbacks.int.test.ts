/**
 * Twilio's callbacks as they really come: twice, out of order, and after the
 * call is over. A proxy between the simulator and our webhooks holds a staff
 * leg's status callbacks and delivers them shuffled and duplicated.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { staffClientAddress } from "./client-identity";
import { signTwilio } from "@/lib/vendors/twilio/verify";
import { callIdBySid, finished, poll, seedPerson, seedStaff, statePath } from "@/tests/support/call-fixtures";
import { startHarness, type Harness } from "@/tests/support/call-harness";
import { createTestDatabase, type TestDatabase } from "@/tests/support/test-db";
import { startHoldingProxy, type HoldingProxy } from "@/tests/support/webhook-proxy";
import type { CallRuntime } from "./runtime";

const CALLER = "+61412000004";

describe("duplicate, out-of-order and late callbacks", () => {
  let t: TestDatabase;
  let h: Harness;
  let proxy: HoldingProxy;
  let worker: CallRuntime;
  let alice: string;

  beforeAll(async () => {
    t = await createTestDatabase();
    // hold every status callback of staff legs; everything else passes straight through
    proxy = await startHoldingProxy((r) => r.pathAndQuery.startsWith("/api/voice/status?") && decodeURIComponent(r.pathAndQuery).includes(":leg:"));
    // a ring timer wakes its actor when due: keep that wake far from the sequence-gap test
    h = await startHarness(t, { proxy, env: { CALL_RING_TIMEOUT_MS: "8000" } });
    [alice] = (await seedStaff(t.db, ["Alice"])) as [string];
    await seedPerson(t.db, CALLER, { assignedStaffId: alice });
    worker = await h.startWorker();
  });
  afterAll(async () => {
    await worker.stop();
    await h.close();
    await t.drop();
  });

  it("end in the same state as in order: each applied once, in SequenceNumber order", async () => {
    h.sim.setBehaviour(staffClientAddress(alice), { answerAfter: 1, hangupAfter: 3 });
    const sim = h.sim.inboundCall({ from: CALLER, to: "+61299990000" });
    const id = await callIdBySid(t.db, sim.sid);
    // initiated(0), ringing(1), answered(2), completed(3): all held at the proxy (arriving in any order)
    await poll(async () => proxy.held.length === 4);
    const bySeq = (seq: number) => proxy.held.findIndex((r) => r.params.SequenceNumber === String(seq));
    expect([0, 1, 2, 3].map((seq) => proxy.held[bySeq(seq)]?.params.CallStatus)).toEqual(["initiated", "ringing", "in-progress", "completed"]);
    const order = [3, 1, 3, 0, 2, 2, 1, 0].map(bySeq);
    expect(await proxy.deliver(order)).toEqual([200, 200, 200, 200, 200, 200, 200, 200]);
    const call = await finished(t.db, id);
    expect(call).toMatchObject({ endReason: "staff_hung_up", staffId: alice });
    expect(await statePath(t.db, id)).toEqual(["finding_staff", "dialing_staff", "conference", "completed"]);
    const leg = await t.db.phoneCallEvent.findMany({ where: { phoneCallId: id, kind: "status", leg: { contains: ":leg:" } }, orderBy: { id: "asc" } });
    // 8 deliveries, 4 stored (the retries carry the same CallSid + SequenceNumber), each processed once
    expect(leg.map((e) => [e.dedupeKey.split(":").at(-1), e.outcome])).toEqual([
      ["3", "buffered"],
      ["1", "buffered"],
      ["0", "delivered, ignored"], // 0 and 1: the leg the dial effect already reported
      ["2", "delivered"], // 2 and 3
    ]);
    const events = (await t.db.callTransition.findMany({ where: { phoneCallId: id }, orderBy: { seq: "asc" } })).map((r) => r.event as { type: string });
    const legEvents = events.map((e) => e.type).filter((x) => x.startsWith("staff_leg_") || x === "staff_hung_up");
    expect(legEvents).toEqual(["staff_leg_created", "staff_leg_created", "staff_leg_created", "staff_leg_answered", "staff_hung_up"]);
  });

  it("a late callback after completion is recorded and reopens nothing", async () => {
    h.sim.setBehaviour(staffClientAddress(alice), { answerAfter: 1, hangupAfter: 2 });
    const held = proxy.held.length;
    const sim = h.sim.inboundCall({ from: CALLER, to: "+61299990000" });
    const id = await callIdBySid(t.db, sim.sid);
    await poll(async () => proxy.held.length === held + 4);
    await proxy.deliver([held, held + 1, held + 2, held + 3]);
    await finished(t.db, id);
    await h.sim.idle();
    const done = await poll(async () => {
      const c = await t.db.phoneCall.findUniqueOrThrow({ where: { id } });
      const unprocessed = await t.db.phoneCallEvent.count({ where: { phoneCallId: id, processedAt: null } });
      return c.leaseOwner === null && unprocessed === 0 ? c : null;
    });
    const before = await t.db.callTransition.count({ where: { phoneCallId: id } });
    // the caller's leg reports "in-progress" after its own "completed" (SequenceNumber 1 after 0)
    const params = {
      AccountSid: h.sim.accountSid,
      CallSid: sim.sid,
      CallStatus: "in-progress",
      SequenceNumber: "1",
      Timestamp: new Date().toUTCString(),
      From: CALLER,
      To: "+61299990000",
      Direction: "inbound",
    };
    const url = `${h.publicBase}/api/voice/status`;
    const res = await fetch(`${h.server.url}/api/voice/status`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": signTwilio(h.sim.authToken, url, params) },
      body: new URLSearchParams(params).toString(),
    });
    expect(res.status).toBe(200);
    const late = await poll(async () => {
      const e = await t.db.phoneCallEvent.findFirst({ where: { phoneCallId: id, dedupeKey: `status:${sim.sid}:1` } });
      return e?.processedAt ? e : null;
    });
    expect(late.outcome).toBe("late");
    // the mark is committed before the actor hands the lease back: wait for that too
    const after = await poll(async () => {
      const c = await t.db.phoneCall.findUniqueOrThrow({ where: { id } });
      return c.leaseOwner === null ? c : null;
    });
    expect(after).toMatchObject({ state: "completed", endReason: done.endReason, version: done.version + 1, leaseOwner: null });
    expect(await t.db.callTransition.count({ where: { phoneCallId: id } })).toBe(before);
    expect(await t.db.phoneCallEffect.count({ where: { phoneCallId: id, doneAt: null } })).toBe(0);
  });

  it("an unreadable mailbox row is set aside and does not wedge the call", async () => {
    h.sim.setBehaviour(staffClientAddress(alice), { answerAfter: 1, hangupAfter: 3 });
    const held = proxy.held.length;
    const sim = h.sim.inboundCall({ from: CALLER, to: "+61299990000" });
    const id = await callIdBySid(t.db, sim.sid);
    await t.db.phoneCallEvent.create({ data: { phoneCallId: id, kind: "machine", dedupeKey: "garbage", payload: { type: "staff_leg_teleported" } } });
    await poll(async () => proxy.held.length === held + 4);
    await proxy.deliver([held, held + 1, held + 2, held + 3]);
    expect((await finished(t.db, id)).endReason).toBe("staff_hung_up");
    const garbage = await t.db.phoneCallEvent.findFirstOrThrow({ where: { phoneCallId: id, dedupeKey: "garbage" } });
    expect(garbage.processedAt).not.toBeNull();
    expect(garbage.outcome).toMatch(/^unreadable: /);
  });

  it("a gap nobody fills is given up on after its wait: the actor wakes for it, not the sweep", async () => {
    await worker.stop();
    worker = await h.startWorker({ sweepMs: 60_000 });
    h.sim.setBehaviour(staffClientAddress(alice), { answerAfter: 1, hangupAfter: 3 });
    const held = proxy.held.length;
    const sim = h.sim.inboundCall({ from: CALLER, to: "+61299990000" });
    const id = await callIdBySid(t.db, sim.sid);
    await poll(async () => proxy.held.length === held + 4);
    const bySeq = (seq: number) => proxy.held.findIndex((r, i) => i >= held && r.params.SequenceNumber === String(seq));
    await proxy.deliver([0, 2, 3].map(bySeq)); // "ringing" (1) never comes
    const flush = await poll(() => t.db.phoneCallEvent.findFirst({ where: { phoneCallId: id, kind: "flush" } }));
    const call = await finished(t.db, id, 4_000);
    expect(call).toMatchObject({ endReason: "staff_hung_up", staffId: alice });
    const flushed = await t.db.phoneCallEvent.findUniqueOrThrow({ where: { id: flush.id } });
    expect(flushed.outcome).toBe("flushed");
    expect(flushed.processedAt!.getTime() - flushed.dueAt!.getTime()).toBeLessThan(500);
  });

  it("a callback with a bad signature is refused and stores nothing", async () => {
    const before = await t.db.phoneCallEvent.count();
    const res = await fetch(`${h.server.url}/api/voice/status`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": "bm9wZQ==" },
      body: new URLSearchParams({ CallSid: `CA${"0".repeat(32)}`, CallStatus: "completed", SequenceNumber: "0", Timestamp: "x" }).toString(),
    });
    expect(res.status).toBe(403);
    expect(await t.db.phoneCallEvent.count()).toBe(before);
  });
});
