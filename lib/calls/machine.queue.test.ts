import { describe, expect, it } from "vitest";
import { L1, STAFF_SID, inbound, run, started } from "./machine.fixtures";
import { queueRetryKey, queueWaitKey } from "./machine-step";

const queued = () => run(inbound({ queueMaxWaitMs: 60_000 }), [started, { type: "no_staff_available", onShift: 2 }]);

describe("the queue", () => {
  it("queues only an inbound caller, only when someone is on shift and the queue is on", () => {
    expect(queued().state).toBe("queued");
    expect(run(inbound({ queueMaxWaitMs: 60_000 }), [started, { type: "no_staff_available", onShift: 0 }]).state).toBe("voicemail");
    expect(run(inbound({ queueMaxWaitMs: 0 }), [started, { type: "no_staff_available", onShift: 3 }]).state).toBe("voicemail");
    // a mailbox row written before the queue existed has no count: voicemail, as before
    expect(run(inbound({ queueMaxWaitMs: 60_000 }), [started, { type: "no_staff_available" }]).state).toBe("voicemail");
  });

  it("starts the wait once, and a re-check timer each time it queues", () => {
    const q = queued();
    const timers = q.results[1]?.effects.filter((e) => e.type === "schedule_timeout").map((e) => e.type === "schedule_timeout" && e.timer);
    expect(timers).toEqual(["queue_wait", "queue_retry"]);
    expect(q.ctx.timers).toEqual([queueWaitKey(q.ctx), queueRetryKey(q.ctx)]);
  });

  it("someone free: asks routing again with a search of its own (a new effect key)", () => {
    const q = queued();
    const r = run(q, [{ type: "staff_freed" }]);
    expect(r.state).toBe("finding_staff");
    const keys = [...q.results, ...r.results].flatMap((x) => x.effects.filter((e) => e.type === "find_staff").map((e) => e.key));
    expect(new Set(keys).size).toBe(keys.length);
  });

  it("an offer nobody takes re-queues the caller with their original deadline", () => {
    const r = run(queued(), [
      { type: "staff_freed" },
      { type: "staff_candidates_found", staffIds: ["s3"] },
      { type: "staff_leg_created", legKey: L1, callSid: STAFF_SID },
      { type: "ring_timeout", legKey: L1 },
      { type: "no_staff_available", onShift: 2 },
    ]);
    expect(r.state).toBe("queued");
    const waits = r.results.flatMap((x) => x.effects).filter((e) => e.type === "schedule_timeout" && e.timer === "queue_wait");
    expect(waits).toHaveLength(0); // scheduled once, when the caller first queued
  });

  it("the wait runs out: voicemail; if an offer is ringing then, voicemail once it is not answered", () => {
    expect(run(queued(), [{ type: "queue_timeout" }]).state).toBe("voicemail");
    const ringing = run(queued(), [{ type: "staff_freed" }, { type: "staff_candidates_found", staffIds: ["s3"] }, { type: "queue_timeout" }]);
    expect(ringing.state).toBe("dialing_staff");
    expect(run(ringing, [{ type: "ring_timeout", legKey: L1 }, { type: "no_staff_available", onShift: 2 }]).state).toBe("voicemail");
  });

  it("answered from the queue: the wait is cancelled", () => {
    const r = run(queued(), [{ type: "staff_freed" }, { type: "staff_candidates_found", staffIds: ["s3"] }, { type: "staff_leg_answered", legKey: L1, callSid: STAFF_SID }]);
    expect(r.state).toBe("conference");
    expect(r.ctx.timers).not.toContain(queueWaitKey(r.ctx));
  });

  it("a caller who hangs up while queued ends the call", () => {
    expect(run(queued(), [{ type: "caller_hung_up" }]).state).toBe("completed");
  });
});

describe("a softphone that dropped off the network", () => {
  const ringing = () =>
    run(inbound({ queueMaxWaitMs: 60_000 }), [started, { type: "staff_candidates_found", staffIds: ["s1"] }, { type: "staff_leg_created", legKey: L1, callSid: STAFF_SID }]);

  it("Twilio's no-answer before our ring timer: not a decline; the phone counts as lost, the attempt is given back", () => {
    const r = run(ringing(), [{ type: "staff_leg_declined", legKey: L1, reason: "no-answer" }]);
    expect(r.state).toBe("finding_staff");
    expect(r.ctx.tried).toEqual([]);
    expect(r.ctx.attempts).toBe(0);
    const release = r.results[0]?.effects.find((e) => e.type === "set_presence");
    expect(release).toMatchObject({ staffId: "s1", presence: "available", softphoneLost: true });
  });

  it("the same phone unreachable a second time on one call counts as tried: no ringing round and round", () => {
    const again = run(ringing(), [
      { type: "staff_leg_declined", legKey: L1, reason: "no-answer" },
      { type: "staff_candidates_found", staffIds: ["s1"] },
    ]);
    const leg = again.ctx.leg!;
    const r = run(again, [
      { type: "staff_leg_created", legKey: leg.legKey, callSid: "CA2" },
      { type: "staff_leg_declined", legKey: leg.legKey, reason: "no-answer" },
    ]);
    expect(r.ctx.tried).toEqual(["s1"]);
    expect(r.ctx.attempts).toBe(1);
    expect(r.ctx.unreachable).toEqual(["s1"]);
  });

  it("a ring that runs out on our timer is the person not answering: tried, the attempt counts", () => {
    const r = run(ringing(), [{ type: "ring_timeout", legKey: L1 }]);
    expect(r.ctx.tried).toEqual(["s1"]);
    expect(r.ctx.attempts).toBe(1);
    expect(r.results[0]?.effects.find((e) => e.type === "set_presence")).not.toHaveProperty("softphoneLost");
  });
});
