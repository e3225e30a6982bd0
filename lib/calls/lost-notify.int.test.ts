/**
 * A worker whose LISTEN connection fails must still hear every call. The
 * listener's connection goes through a TCP proxy the test can break: its backend
 * is terminated (pg_terminate_backend, found by application_name) while the
 * proxy refuses new connections, so a NOTIFY sent meanwhile is truly lost; or the
 * proxy freezes it (no bytes, no close). The caller then hangs up during a
 * conversation, a mailbox row with no due time, which only a NOTIFY or the sweep
 * can bring to the actor.
 */
import { staffClientAddress } from "@/lib/calls/client-identity";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { callIdBySid, finished, inState, poll, seedPerson, seedStaff } from "@/tests/support/call-fixtures";
import { OUR_NUMBER, useCallHarness, type WorkerOptions } from "@/tests/support/call-harness";
import { startTcpProxy, type TcpProxy } from "@/tests/support/tcp-proxy";
import { listenerApplicationName } from "./listener";
import type { CallRuntime } from "./runtime";

const CALLER = "+61412000021";

describe("a lost NOTIFY", () => {
  let alice: string;
  let proxy: TcpProxy;
  const workers: CallRuntime[] = [];

  // a ring timer wakes its actor when it falls due, cancelled or not: keep that wake out of the tests' way
  const { t, h } = useCallHarness({ env: { CALL_RING_TIMEOUT_MS: "60000" } });
  beforeAll(async () => {
    proxy = await startTcpProxy(t.url);
  });
  afterAll(async () => {
    await proxy.close();
  });
  beforeEach(async () => {
    await t.db.$executeRawUnsafe("TRUNCATE phone_calls, interaction_events, contact_points, persons, staff CASCADE");
    [alice] = (await seedStaff(t.db, ["Alice", "Bob"])) as [string, string];
    await seedPerson(t.db, CALLER, { assignedStaffId: alice });
  });
  afterEach(() => {
    for (const w of workers.splice(0)) w.abandon();
    proxy.refuse(false);
    h.sim.reset();
  });

  const start = async (o: WorkerOptions) => {
    const w = await h.startWorker({ ...o, listenUrl: proxy.url });
    workers.push(w);
    return w;
  };
  const listenerBackends = (w: CallRuntime) =>
    t.db.$queryRaw<{ pid: number }[]>`SELECT pid FROM pg_stat_activity WHERE application_name = ${listenerApplicationName(w.owner)}`;
  /** Alice answers and stays on; resolves once the caller and Alice talk and the actor has read all it was told. */
  const talking = async () => {
    h.sim.setBehaviour(staffClientAddress(alice), { answerAfter: 1 });
    const caller = h.sim.inboundCall({ from: CALLER, to: OUR_NUMBER });
    const id = await callIdBySid(t.db, caller.sid);
    await inState(t.db, id, "conference");
    await h.sim.waitFor(() => h.sim.state().conferences.some((c) => c.participants.filter((p) => p.status === "connected").length === 2));
    await h.sim.idle();
    await poll(async () => (await t.db.phoneCallEvent.count({ where: { phoneCallId: id, processedAt: null } })) === 0);
    await new Promise((r) => setTimeout(r, 200)); // and has run the effects that came of it: the actor is at rest
    return { id, callerSid: caller.sid };
  };
  /** Kill the listener's backend and keep it from reconnecting. */
  const deafen = async (w: CallRuntime) => {
    proxy.refuse(true);
    const [listener] = await listenerBackends(w);
    expect(listener).toBeDefined();
    await t.db.$queryRaw`SELECT pg_terminate_backend(${listener?.pid}::int)`;
    await poll(async () => (await listenerBackends(w)).length === 0);
  };
  const hangUpRow = (id: string) =>
    poll(() => t.db.phoneCallEvent.findFirst({ where: { phoneCallId: id, kind: "status", leg: "caller" } }));
  const processed = (rowId: bigint, timeoutMs: number) =>
    poll(async () => {
      const row = await t.db.phoneCallEvent.findUniqueOrThrow({ where: { id: rowId } });
      return row.processedAt ? { ...row, processedAt: row.processedAt } : null;
    }, timeoutMs);
  const expectFreed = async (id: string) => {
    // the conference ends with the caller, and Alice's leg with it: either callback may be read first
    expect(["caller_hung_up", "staff_hung_up"]).toContain((await finished(t.db, id)).endReason);
    expect((await t.db.staff.findMany({ orderBy: { displayName: "asc" } })).map((s) => [s.displayName, s.presence, s.busyCallId])).toEqual([
      ["Alice", "available", null],
      ["Bob", "available", null],
    ]);
  };

  it("the sweep brings the hang-up to the actor within its interval while the listener is down", async () => {
    const sweepMs = 400;
    const w = await start({ sweepMs });
    const { id, callerSid } = await talking();
    await deafen(w);
    h.sim.hangup(callerSid);
    const row = await hangUpRow(id);
    const done = await processed(row.id, 5_000);
    const tookMs = done.processedAt.getTime() - row.receivedAt.getTime();
    expect(tookMs).toBeLessThan(sweepMs + 300);
    await expectFreed(id);
    expect(await listenerBackends(w)).toEqual([]); // it was the sweep: the listener is still shut out
    proxy.refuse(false);
    await poll(async () => (await listenerBackends(w)).length === 1, 5_000);
  });

  it("the listener sweeps as soon as it is back, and hears NOTIFYs again", async () => {
    const w = await start({ sweepMs: 60_000 }); // no periodic sweep during the test
    const { id, callerSid } = await talking();
    await deafen(w);
    h.sim.hangup(callerSid);
    const row = await hangUpRow(id);
    await new Promise((r) => setTimeout(r, 300));
    expect((await t.db.phoneCallEvent.findUniqueOrThrow({ where: { id: row.id } })).processedAt).toBeNull(); // nobody heard it
    const back = Date.now();
    proxy.refuse(false);
    const done = await processed(row.id, 5_000);
    expect(done.processedAt.getTime() - back).toBeLessThan(3_000); // reconnect backoff (at most 2 s) + the sweep
    await expectFreed(id);
    // subscribed again: a new call is claimed on its NOTIFY (the sweep would take a minute)
    const next = await callIdBySid(t.db, h.sim.inboundCall({ from: CALLER, to: OUR_NUMBER, hangupAfter: 1 }).sid);
    await poll(async () => (await t.db.phoneCall.findUniqueOrThrow({ where: { id: next } })).leaseOwner === w.owner, 2_000);
  });

  it("a listener whose connection hangs without closing notices, and gets a new one", async () => {
    const w = await start({ sweepMs: 60_000, listenerProbeMs: 200, listenerProbeTimeoutMs: 300 });
    const { id, callerSid } = await talking();
    const [before] = await listenerBackends(w);
    proxy.freeze();
    // the frozen backend lives on (Postgres sees nothing wrong); a second one is the new connection
    await poll(async () => (await listenerBackends(w)).some((b) => b.pid !== before?.pid), 3_000);
    h.sim.hangup(callerSid);
    const row = await hangUpRow(id);
    const done = await processed(row.id, 2_000);
    expect(done.processedAt.getTime() - row.receivedAt.getTime()).toBeLessThan(1_000);
    await expectFreed(id);
  });
});
