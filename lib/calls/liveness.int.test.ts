/**
 * Instant failover: a worker's liveness lock (liveness.ts) goes with its
 * connection, so a peer takes its calls at the next sweep instead of waiting for
 * the lease to lapse, and never takes a live worker's calls. Leases here are a
 * minute long, so only the lock can explain a takeover within seconds.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { listenerApplicationName } from "./listener";
import { staffClientAddress } from "./client-identity";
import { interactionIdFor } from "./call-interaction";
import { callIdBySid, finished, inState, poll, seedPerson, seedStaff } from "@/tests/support/call-fixtures";
import { useCallHarness } from "@/tests/support/call-harness";
import type { CallRuntime } from "./runtime";

const CALLER = "+61412000009";
const LONG_LEASE_MS = 60_000;

describe("a worker's death is seen at once", () => {
  let alice: string;
  const workers: CallRuntime[] = [];
  const { t, h } = useCallHarness();
  beforeEach(async () => {
    await t.db.$executeRawUnsafe("TRUNCATE phone_calls, interaction_events, contact_points, persons, staff CASCADE");
    [alice] = (await seedStaff(t.db, ["Alice"])) as [string];
    await seedPerson(t.db, CALLER, { assignedStaffId: alice });
  });
  afterEach(async () => {
    for (const w of workers.splice(0)) w.abandon();
    h.sim.reset();
  });
  const start = async () => {
    const w = await h.startWorker({ leaseMs: LONG_LEASE_MS });
    workers.push(w);
    return w;
  };
  const ownerOf = async (id: string) => (await t.db.phoneCall.findUniqueOrThrow({ where: { id } })).leaseOwner;
  /** a call in conference, owned by `a`; Alice talks until hung up */
  const liveCallOn = async (a: CallRuntime) => {
    h.sim.setBehaviour(staffClientAddress(alice), { answerAfter: 1 });
    const id = await callIdBySid(t.db, h.sim.inboundCall({ from: CALLER, to: "+61299990000" }).sid);
    await inState(t.db, id, "conference");
    expect(await ownerOf(id)).toBe(a.owner);
    return { id };
  };
  /** Alice hangs up: the call ends once, her one leg, one interaction, Alice free */
  const endsOnce = async (id: string) => {
    const legs = h.sim.state().calls.filter((c) => c.to.startsWith("client:"));
    expect(legs.map((c) => c.status)).toEqual(["in-progress"]);
    h.sim.hangup(legs[0]!.sid);
    const call = await finished(t.db, id, 15_000);
    expect(call.endReason).toBe("staff_hung_up");
    expect(h.sim.state().calls.filter((c) => c.to.startsWith("client:"))).toHaveLength(1);
    expect(await t.db.interactionEvent.count({ where: { id: interactionIdFor(id) } })).toBe(1);
    expect((await t.db.staff.findUniqueOrThrow({ where: { id: alice } })).presence).toBe("available");
  };

  it("a worker that dies loses its calls to a peer within a second, not when its minute-long lease lapses", async () => {
    const a = await start();
    const { id } = await liveCallOn(a);
    const b = await start();
    const died = Date.now();
    a.abandon(); // its connections close, as a killed process's do
    await poll(async () => (await ownerOf(id)) === b.owner, 3_000);
    expect(Date.now() - died).toBeLessThan(3_000);
    await endsOnce(id);
  });

  it("a peer that only sweeps once a minute still takes a dead worker's call at once: it waits on the worker's lock", async () => {
    const a = await start();
    const { id } = await liveCallOn(a);
    const b = await h.startWorker({ leaseMs: LONG_LEASE_MS, sweepMs: 60_000 });
    workers.push(b);
    // b's boot sweep found a's call and waits on a's liveness lock
    await poll(async () => {
      const rows = await t.db.$queryRaw<{ n: bigint }[]>`
        SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = 'switchboard calls peer watch' AND wait_event_type = 'Lock'`;
      return rows[0]!.n === 1n;
    }, 3_000);
    const died = Date.now();
    a.abandon();
    await poll(async () => (await ownerOf(id)) === b.owner, 2_000, 10);
    expect(Date.now() - died).toBeLessThan(1_000);
    await endsOnce(id);
  });

  it("a live worker keeps its calls: a peer sweeping beside it takes none", async () => {
    const a = await start();
    const { id } = await liveCallOn(a);
    const b = await start();
    await new Promise((r) => setTimeout(r, 1_500)); // fifteen of b's sweeps
    expect(await ownerOf(id)).toBe(a.owner);
    expect(b.owned()).toEqual([]);
    await endsOnce(id);
  });

  it("a live worker whose connection is cut: the call is handed over or kept, never doubled (the lease fences)", async () => {
    const a = await start();
    const { id } = await liveCallOn(a);
    const b = await start();
    const listening = async () => {
      const [row] = await t.db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = ${listenerApplicationName(a.owner)}`;
      return row?.n ?? 0;
    };
    const [killed] = await t.db.$queryRaw<{ ok: boolean }[]>`
      SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity WHERE application_name = ${listenerApplicationName(a.owner)}`;
    expect(killed?.ok).toBe(true);
    // a reconnects within moments and takes its lock again; b may have taken the call meanwhile
    await poll(async () => (await listening()) > 0, 5_000);
    const owner = await ownerOf(id);
    expect([a.owner, b.owner]).toContain(owner);
    await endsOnce(id);
  });
});
