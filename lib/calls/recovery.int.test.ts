/**
 * Workers dying and taking over. A worker "dies" at an exact point: its
 * checkpoint hook never returns (it is frozen right there, as a SIGKILL would
 * leave it), and it is abandoned (no lease renewal, no release). Another worker
 * must take the call (at its next sweep: the liveness lock went with the
 * connections; liveness.int.test.ts) and end it right: no second staff
 * leg, staff released, one interaction. (scripts/chaos-calls.ts does the same
 * with real processes and SIGKILL at random moments.)
 */
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { staffClientAddress } from "./client-identity";
import { callIdBySid, finished, inState, poll, seedPerson, seedStaff, statePath } from "@/tests/support/call-fixtures";
import { type Harness, useCallHarness } from "@/tests/support/call-harness";
import { logger } from "@/lib/log/logger";
import { createTwilioClient } from "@/lib/vendors/twilio/client";
import { CallActor, type Checkpoint } from "./actor";
import { applyMail } from "./apply-mail";
import { interactionIdFor } from "./call-interaction";
import type { CallState, EndReason } from "./machine";
import { claimOne } from "./lease";
import { nextMail } from "./mailbox";
import type { CallRuntime } from "./runtime";
import { loadCall, persistStep } from "./store";
import { voiceUrls } from "./urls";

const CALLER = "+61412000002";
const never = new Promise<void>(() => {});

describe("workers die, calls go on", () => {
  let alice: string;
  let bob: string;
  const workers: CallRuntime[] = [];

  const { t, h } = useCallHarness();
  beforeEach(async () => {
    await t.db.$executeRawUnsafe("TRUNCATE phone_calls, interaction_events, contact_points, persons, staff CASCADE");
    [alice, bob] = (await seedStaff(t.db, ["Alice", "Bob"])) as [string, string];
    await seedPerson(t.db, CALLER, { assignedStaffId: alice });
  });
  afterEach(async () => {
    for (const w of workers.splice(0)) w.abandon();
    h.sim.reset();
  });

  const start = async (o: Parameters<Harness["startWorker"]>[0] = {}) => {
    const w = await h.startWorker(o);
    workers.push(w);
    return w;
  };
  /** A worker that freezes for good at the first checkpoint `at` accepts; resolves when it froze. */
  const freezingWorker = async (at: (c: Checkpoint) => boolean) => {
    let froze!: () => void;
    const frozen = new Promise<void>((r) => (froze = r));
    let done = false;
    const w = await start({
      checkpoint: (c) => {
        if (done || !at(c)) return;
        done = true;
        froze();
        return never;
      },
    });
    return { w, frozen };
  };
  const staffLegs = () => h.sim.state().calls.filter((c) => c.to.startsWith("client:"));
  /** Twilio has said all it will, and the call's owner has processed it and let go. */
  const settled = async (id: string) => {
    await h.sim.idle();
    await poll(async () => {
      const unprocessed = await t.db.phoneCallEvent.count({ where: { phoneCallId: id, processedAt: null } });
      return unprocessed === 0 && (await t.db.phoneCall.findUniqueOrThrow({ where: { id } })).leaseOwner === null;
    });
  };
  /** Twilio legs per leg key of ours (from the status callbacks each leg sent): never more than one. */
  const legsPerKey = () => {
    const byKey = new Map<string, Set<string>>();
    for (const w of h.sim.webhooks("call-status")) {
      const leg = new URL(w.url).searchParams.get("leg");
      if (!leg || leg === "caller") continue;
      byKey.set(leg, (byKey.get(leg) ?? new Set()).add(w.params.CallSid ?? ""));
    }
    return [...byKey.values()].map((s) => s.size);
  };
  const expectCleanEnd = async (id: string, endReason: EndReason) => {
    const call = await finished(t.db, id, 15_000);
    expect(call.endReason).toBe(endReason);
    await h.sim.waitFor(() => h.sim.state().calls.every((c) => !["queued", "initiated", "ringing", "in-progress"].includes(c.status)), 5_000);
    expect(legsPerKey().every((n) => n === 1)).toBe(true);
    expect(await t.db.interactionEvent.count({ where: { id: interactionIdFor(id) } })).toBe(1);
    expect((await t.db.staff.findMany({ orderBy: { displayName: "asc" } })).map((s) => [s.displayName, s.presence, s.busyCallId])).toEqual([
      ["Alice", "available", null],
      ["Bob", "available", null],
    ]);
    return call;
  };

  const cases: { state: CallState; point: string; at: (c: Checkpoint) => boolean; voicemail?: boolean; end: EndReason }[] = [
    { state: "ringing", point: "before call_started", at: (c) => c.state === "ringing", end: "staff_hung_up" },
    { state: "finding_staff", point: "before find_staff", at: (c) => c.effect?.type === "find_staff", end: "staff_hung_up" },
    { state: "dialing_staff", point: "before dial_staff", at: (c) => c.effect?.type === "dial_staff", end: "staff_hung_up" },
    { state: "dialing_staff", point: "with the leg ringing", at: (c) => c.effect?.type === "schedule_timeout", end: "staff_hung_up" },
    { state: "conference", point: "while talking", at: (c) => c.state === "conference" && c.effect === null, end: "staff_hung_up" },
    { state: "voicemail", point: "before the redirect", at: (c) => c.effect?.type === "start_voicemail", voicemail: true, end: "voicemail_recorded" },
  ];

  it.each(cases)("killed in $state ($point): another worker ends the call right", async ({ state, at, voicemail, end }) => {
    if (voicemail) {
      h.sim.setDefaultBehaviour({ answer: "no-answer" });
      h.sim.setBehaviour(CALLER, { recordFor: 5 });
    } else {
      // talks for 2 s (real): longer than the takeover takes
      h.sim.setBehaviour(staffClientAddress(alice), { answerAfter: 2, hangupAfter: 100 });
    }
    const a = await freezingWorker(at);
    const id = await callIdBySid(t.db, h.sim.inboundCall({ from: CALLER, to: "+61299990000" }).sid);
    await a.frozen;
    expect((await t.db.phoneCall.findUniqueOrThrow({ where: { id } })).state).toBe(state);
    a.w.abandon();
    const b = await start();
    const call = await expectCleanEnd(id, end);
    expect(call.leaseOwner === null || call.leaseOwner === b.owner).toBe(true);
    if (!voicemail) expect(call.staffId).toBe(alice);
    // a call with history is recovered through Twilio's answer; a fresh one simply starts
    const resumed = await t.db.callTransition.count({ where: { phoneCallId: id, event: { path: ["type"], equals: "resumed" } } });
    expect(resumed, JSON.stringify(await t.db.callTransition.findMany({ where: { phoneCallId: id }, orderBy: { seq: "asc" }, select: { toState: true, event: true, at: true } }))).toBe(state === "ringing" ? 0 : 1);
  });

  it("a caller who hangs up while staff are being found leaves nobody reserved", async () => {
    const a = await freezingWorker((c) => c.effect?.type === "find_staff");
    const sim = h.sim.inboundCall({ from: CALLER, to: "+61299990000" });
    const id = await callIdBySid(t.db, sim.sid);
    await a.frozen;
    a.w.abandon();
    h.sim.hangup(sim.sid); // stored in the mailbox before find_staff runs (and reserves Alice)
    await poll(async () => (await t.db.phoneCallEvent.count({ where: { phoneCallId: id, kind: "status", leg: "caller" } })) > 0);
    await start();
    const call = await expectCleanEnd(id, "caller_hung_up");
    expect(call.staffId).toBeNull();
    const found = await t.db.phoneCallEffect.findFirstOrThrow({ where: { phoneCallId: id, effect: { path: ["type"], equals: "find_staff" } } });
    expect(found.result).toBe("reserved 1 of 2");
    expect(staffLegs()).toHaveLength(0);
  });

  it("two workers, one killed: the other takes its calls over", async () => {
    for (const s of [alice, bob]) h.sim.setBehaviour(staffClientAddress(s), { answerAfter: 1, hangupAfter: 80 });
    const a = await start();
    const first = await callIdBySid(t.db, h.sim.inboundCall({ from: CALLER, to: "+61299990000" }).sid);
    await inState(t.db, first, "conference");
    const b = await start();
    const second = await callIdBySid(t.db, h.sim.inboundCall({ from: "+61412000003", to: "+61299990000" }).sid);
    await inState(t.db, second, "conference");
    const owners = async () => Object.fromEntries((await t.db.phoneCall.findMany()).map((c) => [c.id, c.leaseOwner]));
    expect((await owners())[first]).toBe(a.owner);
    a.abandon();
    // whatever a held (the first call at least) moves to b once a's lease lapses
    await poll(async () => {
      const o = await owners();
      return o[first] === b.owner && o[second] === b.owner;
    }, 5_000);
    expect(b.owned().sort()).toEqual([first, second].sort());
    const [c1, c2] = [await expectCleanEnd(first, "staff_hung_up"), await expectCleanEnd(second, "staff_hung_up")];
    expect([c1.staffId, c2.staffId].sort()).toEqual([alice, bob].sort());
    expect(await statePath(t.db, first)).toEqual(["finding_staff", "dialing_staff", "conference", "completed"]);
  });

  it("a worker that wakes up after losing its call acts on nothing", async () => {
    h.sim.setBehaviour(staffClientAddress(alice), { answerAfter: 1, hangupAfter: 10 });
    // A paused worker (a long GC, a stalled VM), not a dead one: it holds the call, stops renewing, and later
    // carries on from where it was, unaware. Built from the parts, since a runtime would notice on renewal.
    const id = await callIdBySid(t.db, h.sim.inboundCall({ from: CALLER, to: "+61299990000" }).sid);
    const claimed = await claimOne(t.db, "paused-worker", 300, id);
    expect(claimed).toEqual({ id, version: 0 });
    let thaw!: () => void;
    const thawed = new Promise<void>((r) => (thaw = r));
    let paused = false;
    let lost = false;
    const deps = { db: t.db, twilio: createTwilioClient({ kind: "simulator", accountSid: h.sim.accountSid, authToken: h.sim.authToken, simUrl: h.sim.url }), config: h.config, urls: voiceUrls(h.publicBase), log: logger, sendJob: async () => {} };
    const zombie = new CallActor(id, 0, {
      owner: "paused-worker",
      deps,
      lost: () => void (lost = true),
      idle: () => {},
      checkpoint: (c) => {
        if (c.effect?.type !== "dial_staff" || paused) return;
        paused = true;
        return thawed;
      },
    });
    zombie.wake();
    await poll(async () => paused);
    await start();
    await expectCleanEnd(id, "staff_hung_up");
    await settled(id);
    const transitions = await t.db.callTransition.count({ where: { phoneCallId: id } });
    thaw();
    await poll(async () => lost, 2_000);
    await zombie.settled();
    expect(await t.db.callTransition.count({ where: { phoneCallId: id } })).toBe(transitions);
    expect(staffLegs()).toHaveLength(1);
  });

  it("persisting a step is guarded on the version read and on the lease", async () => {
    const id = await callIdBySid(t.db, h.sim.inboundCall({ from: CALLER, to: "+61299990000", hangupAfter: 1 }).sid);
    await claimOne(t.db, "w1", 5_000, id);
    const call = (await loadCall(t.db, id))!;
    const mail = (await nextMail(t.db, id))!;
    const step = applyMail(call.state, call.actor, mail.id, mail.mail);
    expect(await persistStep(t.db, "w2", call, step)).toEqual({ ok: false, reason: "lease_lost" });
    expect(await persistStep(t.db, "w1", { ...call, version: call.version + 1 }, step)).toEqual({ ok: false, reason: "lease_lost" });
    expect(await persistStep(t.db, "w1", call, step)).toEqual({ ok: true, version: call.version + 1 });
    expect(await persistStep(t.db, "w1", call, step)).toEqual({ ok: false, reason: "lease_lost" }); // the same version twice
    expect(await t.db.callTransition.count({ where: { phoneCallId: id } })).toBe(1);
    expect(await t.db.phoneCallEffect.count({ where: { phoneCallId: id } })).toBe(1); // find_staff
  });

  it("boot: a call whose caller left while no worker ran is closed on Twilio's word", async () => {
    h.sim.setBehaviour(staffClientAddress(alice), { answerAfter: 1 }); // staff stays on until hung up
    const a = await start();
    const sim = h.sim.inboundCall({ from: CALLER, to: "+61299990000" });
    const id = await callIdBySid(t.db, sim.sid);
    await inState(t.db, id, "conference");
    // both in the conference (Alice's TwiML fetched), so the conference's end ends her leg too
    await h.sim.waitFor(() => h.sim.state().conferences.some((c) => c.participants.filter((p) => p.status === "connected").length === 2));
    a.abandon();
    h.sim.hangup(sim.sid);
    await h.sim.idle();
    // the webhooks about it were lost too (our web was down): only Twilio knows
    await t.db.phoneCallEvent.deleteMany({ where: { phoneCallId: id, processedAt: null } });
    await start();
    const call = await expectCleanEnd(id, "caller_gone_on_resume");
    expect(call.staffId).toBe(alice);
    expect(staffLegs().map((c) => c.status)).toEqual(["completed"]);
    const resumed = await t.db.callTransition.findFirstOrThrow({ where: { phoneCallId: id, event: { path: ["type"], equals: "resumed" } } });
    // the conference ended with the caller, and the staff leg's TwiML with it
    expect(resumed.event).toMatchObject({ caller: "completed", staffLeg: "completed" });
  });
});

describe("a mailbox that waited for a new owner", () => {
  let alice: string;

  const { t, h } = useCallHarness({ env: { CALL_RING_TIMEOUT_MS: "300" } });
  beforeAll(async () => {
    [alice] = (await seedStaff(t.db, ["Alice", "Bob"])) as [string, string];
  });

  it("is read in the order things happened: an answer before the ring timeout beats it", async () => {
    h.sim.setBehaviour(staffClientAddress(alice), { answerAfter: 2, hangupAfter: 60 });
    let froze = false;
    // dies with Alice's leg ringing and its 300 ms ring timer scheduled; she answers 40 ms later
    const a = await h.startWorker({
      checkpoint: (c) => {
        if (froze || c.state !== "dialing_staff" || c.effect !== null) return;
        froze = true;
        return new Promise<void>(() => {});
      },
    });
    const id = await callIdBySid(t.db, h.sim.inboundCall({ from: CALLER, to: "+61299990000" }).sid);
    await poll(async () => froze);
    a.abandon();
    await poll(async () => (await t.db.phoneCallEvent.count({ where: { phoneCallId: id, kind: "timer", dueAt: { lte: new Date() } } })) > 0);
    const b = await h.startWorker();
    const call = await finished(t.db, id, 15_000);
    expect(call).toMatchObject({ endReason: "staff_hung_up", staffId: alice });
    expect(await statePath(t.db, id)).toEqual(["finding_staff", "dialing_staff", "conference", "completed"]);
    await b.stop();
  });
});
